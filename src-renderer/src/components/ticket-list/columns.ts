import type { TicketSortColumn } from '../../../../src-shared/domain/ticket';

export interface TicketColumn {
  sortKey: TicketSortColumn;
  label: string;
  /** Shown in the narrow list beside an open ticket. */
  compact: boolean;
}

/** Order and headers of the list; widths live in styles.css (--ticket-columns) to keep one grid for header and rows. */
export const ticketColumns: readonly TicketColumn[] = [
  { sortKey: 'number', label: 'Number', compact: true },
  { sortKey: 'subject', label: 'Subject', compact: true },
  { sortKey: 'status', label: 'Status', compact: true },
  { sortKey: 'priority', label: 'Priority', compact: false },
  { sortKey: 'category', label: 'Category', compact: false },
  { sortKey: 'productLine', label: 'Product line', compact: false },
  { sortKey: 'siteName', label: 'Site', compact: false },
  { sortKey: 'assigneeName', label: 'Assignee', compact: false },
  { sortKey: 'slaDueAt', label: 'SLA', compact: false },
  { sortKey: 'createdAt', label: 'Created', compact: false },
  { sortKey: 'updatedAt', label: 'Updated', compact: true },
];

export function visibleColumns(compact: boolean): readonly TicketColumn[] {
  return compact ? ticketColumns.filter((column) => column.compact) : ticketColumns;
}

/** Row height in px; the virtualiser and the stylesheet must agree on it. */
export const ROW_HEIGHT = 32;
export const HEADER_HEIGHT = 32;
