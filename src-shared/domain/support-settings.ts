import { z } from 'zod';
import { BusinessCalendar } from '../calendar/schema.js';
import { SlaPolicy } from '../sla/policy.js';

/**
 * Support's settings as clients see them: the business calendar (working hours, zone, holidays)
 * and the SLA policy an admin sets (DESIGN.md, "admin … business hours and holidays, SLA
 * targets"). Both are server settings that reach every client with the calendar's synced row,
 * so the SLA column, the callback calendar and free slots count with them offline.
 */
export const supportSettingsCalls = {
  /** The business calendar as last synced (PTI's default until then). */
  'businessCalendar.get': { input: z.object({}).strict(), output: BusinessCalendar },
  /** The SLA policy this client counts with: as last synced, the default until then. */
  'slaPolicy.get': { input: z.object({}).strict(), output: SlaPolicy },
  /** Admins only, online: replaces the policy on the server; clients follow on their next pull. */
  'slaPolicy.set': { input: SlaPolicy, output: SlaPolicy },
} as const;
