import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CallInput } from '../../../src-shared/contract';
import type { UnitListItem } from '../../../src-shared/domain/units';
import { call } from './client';
import { markMappingQueued } from './unit-rows';

/**
 * Sites, their units and the support PIN. Keys start with the store table they read so
 * `store.changed` refreshes them; the PIN status is online only and has no table, so the PIN
 * mutations refresh it themselves.
 */
export const siteKeys = {
  units: (siteId: string) => ['units', 'list', siteId] as const,
  pinStatus: (siteId: string) => ['support_pin', 'status', siteId] as const,
};

export function useSiteUnits(siteId: string) {
  return useQuery({
    queryKey: siteKeys.units(siteId),
    queryFn: () => call('units.list', { siteId }),
  });
}

/** Queues one `units.setMapping` per changed unit; stops at the first refusal so it can be shown. */
export function usePushMappings(siteId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (inputs: readonly CallInput<'units.setMapping'>[]) => {
      for (const input of inputs) {
        await call('units.setMapping', input);
        // Queued: pending at once, not after the whole site's units are read again.
        await queryClient.cancelQueries({ queryKey: siteKeys.units(siteId) });
        queryClient.setQueryData<UnitListItem[]>(
          siteKeys.units(siteId),
          (rows) => rows && markMappingQueued(rows, input),
        );
      }
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: siteKeys.units(siteId) }),
  });
}

export function useSupportPinStatus(siteId: string, enabled: boolean) {
  return useQuery({
    queryKey: siteKeys.pinStatus(siteId),
    queryFn: () => call('supportPin.status', { siteId }),
    enabled,
    retry: false,
  });
}

export function useIssueSupportPin(siteId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ttlMinutes?: number) =>
      call('supportPin.issue', ttlMinutes === undefined ? { siteId } : { siteId, ttlMinutes }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: siteKeys.pinStatus(siteId) }),
  });
}

export function useClearSupportPin(siteId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => call('supportPin.clear', { siteId }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: siteKeys.pinStatus(siteId) }),
  });
}

export function useRedeemSupportPin(siteId: string) {
  return useMutation({ mutationFn: (pin: string) => call('supportPin.redeem', { siteId, pin }) });
}

// ── PTI rentals and the keypad tester ─────────────────────────────────────────────────────────

export const ptiKeys = {
  rentals: (siteCode: string) => ['pti_rentals', 'list', siteCode] as const,
};

/** The site's rentals at PTI; refused with a reason when the site has no PTI connection here. */
export function usePtiRentals(siteCode: string) {
  return useQuery({
    queryKey: ptiKeys.rentals(siteCode),
    queryFn: () => call('pti.rentals.list', { siteCode }),
    retry: false,
  });
}

type RentalAction =
  | 'pti.rentals.moveOut'
  | 'pti.rentals.overlock'
  | 'pti.rentals.unlock'
  | 'pti.rentals.regenerateCode'
  | 'pti.rentals.resync';

/** One queued operation on one rental; the rentals list shows where it stands afterwards. */
export function useRentalAction(siteCode: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ action, unit }: { action: RentalAction; unit: string }) =>
      call(action, { siteCode, unit }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ptiKeys.rentals(siteCode) }),
  });
}

export function useMoveIn(siteCode: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Omit<CallInput<'pti.rentals.moveIn'>, 'siteCode'>) =>
      call('pti.rentals.moveIn', { siteCode, ...input }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ptiKeys.rentals(siteCode) }),
  });
}

/** Shown once: clears the "new code" mark, so the list refreshes after it. */
export function useRevealCode(siteCode: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (unit: string) => call('pti.rentals.revealCode', { siteCode, unit }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ptiKeys.rentals(siteCode) }),
  });
}

export function useKeypadCheck(siteCode: string) {
  return useMutation({
    mutationFn: (input: Omit<CallInput<'pti.keypads.check'>, 'siteCode'>) =>
      call('pti.keypads.check', { siteCode, ...input }),
  });
}

// ── PTI connection of a site ──────────────────────────────────────────────────────────────────

export const ptiSiteKeys = {
  list: ['pti_sites', 'list'] as const,
};

/** The PTI sites set up in this profile, with their connection state (never their secrets). */
export function usePtiSites() {
  return useQuery({ queryKey: ptiSiteKeys.list, queryFn: () => call('pti.sites.list', {}) });
}

export function useSavePtiSite() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CallInput<'pti.sites.save'>) => call('pti.sites.save', input),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['pti_sites'] }),
  });
}

/** Signs in at the gateway through the core; the site's state in the list follows. */
export function useTestPtiConnection(siteCode: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => call('pti.sites.testConnection', { siteCode }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['pti_sites'] }),
  });
}

export function usePtiSyncNow(siteCode: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => call('pti.sites.syncNow', { siteCode }),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: ['pti_sites'] });
      void queryClient.invalidateQueries({ queryKey: ptiKeys.rentals(siteCode) });
    },
  });
}
