import { z } from 'zod';
import { KeypadNumber } from '../pti/access-level.js';
import { KeypadAnswer, KeypadReason } from '../pti/keypad.js';
import { PtiKeypadCheckInput, PtiSiteCode, PtiSiteStatus } from './pti-client.js';

/**
 * The keypad tester against the site itself: the gateway's own answer to a tenant's code, and
 * the site's gate event log. Both are online only; when the gateway cannot be asked, the answer
 * says why in words and the local prediction (`pti.keypads.check`) still stands. Codes in the
 * log are masked (all but the last two digits), as in the rentals grid.
 */

const Instant = z.iso.datetime({ offset: true });

/** The gateway's answer to the code, or why it could not be asked. */
export const PtiGatewayKeypadAnswer = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    answer: KeypadAnswer,
    reason: KeypadReason,
    reasonText: z.string(),
    /** The site's wall clock at that instant, as the gateway tells it, e.g. "Sunday 06:00". */
    localTime: z.string(),
    /** The entry's number in the site's event log. */
    seq: z.number().int(),
    codeHint: z.string(),
  }),
  z.object({
    ok: z.literal(false),
    /** offline, unauthorized, error; "unknown" when the gateway cannot simulate keypads. */
    status: PtiSiteStatus,
    /** The PTI code of the failure (e.g. −503 offline), when there is one. */
    code: z.number().int().nullable(),
    message: z.string(),
  }),
]);
export type PtiGatewayKeypadAnswer = z.infer<typeof PtiGatewayKeypadAnswer>;

export const PtiEventsInput = z
  .object({
    siteCode: PtiSiteCode,
    /** Only entries after this sequence number (from an earlier answer's `next`). */
    after: z.number().int().min(0).optional(),
    limit: z.number().int().min(1).max(500).default(50),
  })
  .strict();

/** One keypad entry of the site's gate log, with the tenant as Gatedesk knows them. */
export const PtiGateEvent = z.object({
  seq: z.number().int(),
  at: Instant,
  /** The site's wall clock at that instant, e.g. "Sunday 06:00". */
  localTime: z.string(),
  keypadId: KeypadNumber,
  /** The keypad's name from the site's setup; null when Gatedesk has not pulled it. */
  keypadName: z.string().nullable(),
  answer: KeypadAnswer,
  reason: KeypadReason,
  reasonText: z.string(),
  customerRef: z.string().nullable(),
  customerName: z.string().nullable(),
  /** The tenant's units at this site as Gatedesk knows them. */
  units: z.array(z.string()),
  /** The code as entered, all but its last two digits masked. */
  codeHint: z.string(),
});
export type PtiGateEvent = z.infer<typeof PtiGateEvent>;

export const PtiEventLog = z.object({
  ok: z.boolean(),
  /** Why the log could not be read; null when it was. */
  message: z.string().nullable(),
  /** The site's time zone, for showing `at` in site time. */
  timeZone: z.string().nullable(),
  /** Newest first. */
  events: z.array(PtiGateEvent),
  /** The newest sequence number seen: pass as `after` to read only what is new. */
  next: z.number().int(),
});
export type PtiEventLog = z.infer<typeof PtiEventLog>;

export const ptiKeypadCalls = {
  /** Types the tenant's code at the keypad through the site's gateway; the entry is logged there. */
  'pti.keypads.tryAtGateway': { input: PtiKeypadCheckInput, output: PtiGatewayKeypadAnswer },
  /** The site's gate event log from its gateway, newest first. */
  'pti.events.list': { input: PtiEventsInput, output: PtiEventLog },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;
