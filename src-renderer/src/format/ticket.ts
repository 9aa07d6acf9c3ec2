import type {
  Category,
  Priority,
  ProductLine,
  TicketStatus,
} from '../../../src-shared/domain/ticket';
import { statusColours } from '../../../src-shared/domain/ticket';

export { productLineLabels } from '../../../src-shared/domain/ticket';

/** For the dense list column; the full label is in the cell's title and the detail pane. */
export const productLineShortLabels: Record<ProductLine, string> = {
  pti_hardware: 'PTI HW',
  pti_software: 'PTI SW',
  digigate_hardware: 'DigiGate HW',
  digigate_software: 'DigiGate SW',
};

/** A ticket created offline has no number until the server assigns one (DESIGN.md, "Tickets"). */
export function displayTicketNumber(number: string | null): string {
  return number ?? 'pending';
}

export const statusLabels: Record<TicketStatus, string> = {
  NEW: 'New',
  OPEN: 'Open',
  ANSWERED: 'Answered',
  SCHEDULED: 'Scheduled',
  RESOLVED: 'Resolved',
  CLOSED: 'Closed',
};

export const priorityLabels: Record<Priority, string> = {
  low: 'Low',
  normal: 'Normal',
  high: 'High',
  critical: 'Critical',
};

export const categoryLabels: Record<Category, string> = {
  technical: 'Technical',
  billing: 'Billing',
  licence: 'Licence',
  general: 'General',
};

/** Black or white text, whichever contrasts more with a badge's PTI colour (WCAG relative luminance). */
export function readableTextOn(hex: string): '#000000' | '#ffffff' {
  const luminance = relativeLuminance(hex);
  const contrastWithBlack = (luminance + 0.05) / 0.05;
  const contrastWithWhite = 1.05 / (luminance + 0.05);
  return contrastWithBlack >= contrastWithWhite ? '#000000' : '#ffffff';
}

export function relativeLuminance(hex: string): number {
  const match = /^#?([0-9a-f]{6})$/i.exec(hex);
  if (!match?.[1]) return 0;
  const value = parseInt(match[1], 16);
  const channel = (shift: number) => {
    const c = ((value >> shift) & 0xff) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(16) + 0.7152 * channel(8) + 0.0722 * channel(0);
}

export function statusBadgeColours(status: TicketStatus): { background: string; text: string } {
  const background = statusColours[status].hex;
  return { background, text: readableTextOn(background) };
}
