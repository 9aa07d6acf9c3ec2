import { create } from 'zustand';
import { useUi } from './ui';

/**
 * A request to show one site, and one unit's row in its mapping grid (from a ticket's unit
 * card). The nonce makes a repeated click scroll to the row again.
 */
export interface SiteFocus {
  siteId: string;
  unitId: string | null;
  nonce: number;
}

export const useSiteFocus = create<{ focus: SiteFocus | null }>()(() => ({ focus: null }));

/** Opens the Sites screen on `siteId`, with `unitId`'s row of the mapping grid in view. */
export function openSiteUnit(siteId: string, unitId: string | null): void {
  const nonce = (useSiteFocus.getState().focus?.nonce ?? 0) + 1;
  useSiteFocus.setState({ focus: { siteId, unitId, nonce } });
  useUi.getState().showView('sites');
}
