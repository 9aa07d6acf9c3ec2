import { z } from 'zod';

/**
 * SLA targets (DESIGN.md, "Tickets"). Each target counts on one clock:
 * - `around_the_clock`: wall-clock hours, nights and weekends included;
 * - `business_hours`: working time of the business calendar;
 * - `business_days`: working days of the calendar (see addBusinessDays).
 * A ticket's due time is the earlier of its tier's target and its priority's target.
 */
export const SlaTarget = z.discriminatedUnion('clock', [
  z
    .object({
      clock: z.literal('around_the_clock'),
      hours: z
        .number()
        .positive('must be more than 0')
        .max(24 * 366, 'must be at most a year'),
    })
    .strict(),
  z
    .object({
      clock: z.literal('business_hours'),
      hours: z.number().positive('must be more than 0').max(10_000, 'must be at most 10000'),
    })
    .strict(),
  z
    .object({
      clock: z.literal('business_days'),
      days: z.number().int('must be whole days').positive('must be more than 0').max(366),
    })
    .strict(),
]);
export type SlaTarget = z.infer<typeof SlaTarget>;

/** Targets for one clock of a ticket; null means "no target from this side". */
export const SlaTargets = z
  .object({
    tiers: z.object({ free: SlaTarget.nullable(), preferred: SlaTarget.nullable() }).strict(),
    priorities: z
      .object({
        low: SlaTarget.nullable(),
        normal: SlaTarget.nullable(),
        high: SlaTarget.nullable(),
        critical: SlaTarget.nullable(),
      })
      .strict(),
  })
  .strict();
export type SlaTargets = z.infer<typeof SlaTargets>;

export const SlaPolicy = z
  .object({
    firstResponse: SlaTargets,
    resolution: SlaTargets,
    /** A running clock is "at risk" when less than this share of its target is left. */
    atRiskFraction: z.number().gt(0).lt(1).default(0.2),
  })
  .strict();
export type SlaPolicy = z.infer<typeof SlaPolicy>;

const noTargets: SlaTargets = {
  tiers: { free: null, preferred: null },
  priorities: { low: null, normal: null, high: null, critical: null },
};

/**
 * The targets of the source documents. Tiers (seed 000, PTI): free, first response within 72
 * business hours; preferred, within 24. Priorities (the licence portal's table): critical 1 hour
 * around the clock ("24/7"); high 4 business hours; normal "24 hours", read as business hours
 * because PTI gives all support "on a Business Day basis" and answers weekend requests on the next
 * business day, and only critical is marked 24/7; low "3–5 days", due at the upper bound, 5
 * business days, so that a ticket is not reported late while still inside its promised range.
 * The documents promise response times only, so resolution has no default target; admins set one.
 */
export const DEFAULT_SLA_POLICY: SlaPolicy = {
  firstResponse: {
    tiers: {
      free: { clock: 'business_hours', hours: 72 },
      preferred: { clock: 'business_hours', hours: 24 },
    },
    priorities: {
      critical: { clock: 'around_the_clock', hours: 1 },
      high: { clock: 'business_hours', hours: 4 },
      normal: { clock: 'business_hours', hours: 24 },
      low: { clock: 'business_days', days: 5 },
    },
  },
  resolution: noTargets,
  atRiskFraction: 0.2,
};
