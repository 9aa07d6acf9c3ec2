import { z } from 'zod';
import type { SlaState } from '../sla/clocks.js';

/** Statuses and colours of PTI's customer portal (DESIGN.md, "Tickets"). */
export const ticketStatuses = [
  'NEW',
  'OPEN',
  'ANSWERED',
  'SCHEDULED',
  'RESOLVED',
  'CLOSED',
] as const;
export const TicketStatus = z.enum(ticketStatuses);
export type TicketStatus = z.infer<typeof TicketStatus>;

export const statusColours: Record<TicketStatus, { name: string; hex: string }> = {
  NEW: { name: 'yellow', hex: '#f2c500' },
  OPEN: { name: 'orange', hex: '#f28c00' },
  ANSWERED: { name: 'green', hex: '#2e9e44' },
  SCHEDULED: { name: 'blue', hex: '#2f6fdd' },
  RESOLVED: { name: 'grey', hex: '#8a8f98' },
  CLOSED: { name: 'black', hex: '#1d1f23' },
};

export const productLines = [
  'pti_hardware',
  'pti_software',
  'digigate_hardware',
  'digigate_software',
] as const;
export const ProductLine = z.enum(productLines);
export type ProductLine = z.infer<typeof ProductLine>;

export const productLineLabels: Record<ProductLine, string> = {
  pti_hardware: 'PTI hardware',
  pti_software: 'PTI software',
  digigate_hardware: 'DigiGate hardware',
  digigate_software: 'DigiGate software',
};

/** Ticket numbers carry a product-line prefix: HW for hardware lines, SW for software lines. */
export function ticketNumberPrefix(line: ProductLine): 'HW' | 'SW' {
  return line.endsWith('hardware') ? 'HW' : 'SW';
}
export const TicketNumber = z
  .string()
  .regex(/^(HW|SW)\d{8}$/, 'a ticket number is HW or SW and 8 digits');

export const priorities = ['low', 'normal', 'high', 'critical'] as const;
export const Priority = z.enum(priorities);
export type Priority = z.infer<typeof Priority>;

export const categories = ['technical', 'billing', 'licence', 'general'] as const;
export const Category = z.enum(categories);
export type Category = z.infer<typeof Category>;

/** An ISO-8601 instant in UTC, as stored and sent everywhere. */
export const Instant = z.iso.datetime({ offset: true });

/**
 * The SLA column of a queue: the state, a short phrase ("2h 15m left", "breached 40m ago",
 * "paused", "met", "missed by 40m", "no SLA") and the due time of a clock still counting. The
 * states are those of src-shared/sla (listed here, not imported, because the SLA module depends
 * on this one).
 */
export const slaBadgeStates = [
  'ok',
  'at_risk',
  'breached',
  'met',
  'paused',
  'none',
] as const satisfies readonly (SlaState | 'none')[];
export const SlaBadgeState = z.enum(slaBadgeStates);
export type SlaBadgeState = z.infer<typeof SlaBadgeState>;
export const SlaBadge = z.object({
  state: SlaBadgeState,
  text: z.string(),
  dueAt: Instant.nullable(),
});
export type SlaBadge = z.infer<typeof SlaBadge>;

/** One row of a queue: what the list needs, nothing more. */
export const TicketSummary = z.object({
  id: z.string().min(1),
  /** Null while a ticket created offline waits for the server to number it ("pending"). */
  number: TicketNumber.nullable(),
  subject: z.string(),
  status: TicketStatus,
  priority: Priority,
  category: Category,
  productLine: ProductLine,
  siteId: z.string().nullable(),
  siteName: z.string().nullable(),
  assigneeId: z.string().nullable(),
  assigneeName: z.string().nullable(),
  createdAt: Instant,
  updatedAt: Instant,
  /** Local changes the server has not confirmed yet. */
  pending: z.boolean().default(false),
  /** The SLA column, computed by the core at read time so it ticks offline. */
  sla: SlaBadge.optional(),
});
export type TicketSummary = z.infer<typeof TicketSummary>;

export const ticketSortColumns = [
  'number',
  'subject',
  'status',
  'priority',
  'category',
  'productLine',
  'siteName',
  'assigneeName',
  'createdAt',
  'updatedAt',
  /** The SLA due time of a clock still counting, soonest first; others after. */
  'slaDueAt',
] as const;
export const TicketSortColumn = z.enum(ticketSortColumns);
export type TicketSortColumn = z.infer<typeof TicketSortColumn>;

/** Whose tickets: 'me' is the signed-in user (resolved by the core), null is nobody (unassigned). */
export const AssigneeFilter = z
  .union([z.literal('me'), z.string().min(1, 'choose an assignee').max(100)])
  .nullable();
export type AssigneeFilter = z.infer<typeof AssigneeFilter>;

/**
 * Instants [from, to): either end may be left open. The renderer turns days picked in the
 * viewer's time zone into instants, so a "day" means the viewer's day wherever the data is.
 */
export const InstantRange = z
  .object({ from: Instant.optional(), to: Instant.optional() })
  .strict()
  .refine(
    (range) => !range.from || !range.to || Date.parse(range.from) < Date.parse(range.to),
    'the start of a date range must come before its end',
  );
export type InstantRange = z.infer<typeof InstantRange>;

/** Tickets with a booked callback starting in [from, to), e.g. today for "Scheduled today". */
export const CallbackRangeFilter = z
  .object({
    from: Instant,
    to: Instant,
    /** Only callbacks booked with this technician ('me': the signed-in user). */
    technicianId: z.union([z.literal('me'), z.string().min(1).max(100)]).optional(),
  })
  .strict();
export type CallbackRangeFilter = z.infer<typeof CallbackRangeFilter>;

export const TicketListQuery = z
  .object({
    status: z.array(TicketStatus).max(ticketStatuses.length).optional(),
    priority: z.array(Priority).max(priorities.length).optional(),
    category: z.array(Category).max(categories.length).optional(),
    productLine: z.array(ProductLine).max(productLines.length).optional(),
    /** The SLA column's state, e.g. ['breached', 'at_risk'] for the "breaching SLA" view. */
    slaStates: z.array(SlaBadgeState).max(slaBadgeStates.length).optional(),
    assigneeId: AssigneeFilter.optional(),
    siteId: z.string().min(1).max(100).optional(),
    /** One unit's tickets ("Tickets" on a unit of the mapping grid or the rentals panel). */
    unitId: z.string().min(1).max(100).optional(),
    created: InstantRange.optional(),
    updated: InstantRange.optional(),
    callbackBetween: CallbackRangeFilter.optional(),
    sort: z
      .object({ column: TicketSortColumn, direction: z.enum(['asc', 'desc']) })
      .default({ column: 'updatedAt', direction: 'desc' }),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .strict();
export type TicketListQuery = z.input<typeof TicketListQuery>;
