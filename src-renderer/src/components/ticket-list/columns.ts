import type { TicketSortColumn } from '../../../../src-shared/domain/ticket';

export interface TicketColumn {
  sortKey: TicketSortColumn;
  label: string;
}

/** Order and headers of the list; widths live in styles.css (--ticket-columns) to keep one grid for header and rows. */
export const ticketColumns: readonly TicketColumn[] = [
  { sortKey: 'number', label: 'Number' },
  { sortKey: 'subject', label: 'Subject' },
  { sortKey: 'status', label: 'Status' },
  { sortKey: 'priority', label: 'Priority' },
  { sortKey: 'category', label: 'Category' },
  { sortKey: 'productLine', label: 'Product line' },
  { sortKey: 'siteName', label: 'Site' },
  { sortKey: 'assigneeName', label: 'Assignee' },
  { sortKey: 'updatedAt', label: 'Updated' },
];

/** Row height in px; the virtualiser and the stylesheet must agree on it. */
export const ROW_HEIGHT = 32;
export const HEADER_HEIGHT = 32;
