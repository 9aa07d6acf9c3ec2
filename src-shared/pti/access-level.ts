import { z } from 'zod';

/**
 * Access levels are numbered, as management software refers to them ("PTI zone" or "time
 * zone"): an access level is one access area plus one time schedule. Areas, schedules and keypads
 * are numbered the same way. A controller keeps these numbers in a byte: 1–255.
 */
export const ptiNumberMax = 255;

/** Why `value` is not a valid number for the thing `what` names, or null when it is. */
export function ptiNumberProblem(value: number, what: string): string | null {
  if (!Number.isInteger(value) || value < 1 || value > ptiNumberMax)
    return `${what} numbers are whole numbers from 1 to ${ptiNumberMax}; ${String(value)} is not one.`;
  return null;
}

const ptiNumber = (what: string) =>
  z.number().superRefine((value, context) => {
    const problem = ptiNumberProblem(value, what);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  });

export const AccessLevelNumber = ptiNumber('Access level');
export const AccessAreaNumber = ptiNumber('Access area');
export const ScheduleNumber = ptiNumber('Time schedule');
export const KeypadNumber = ptiNumber('Keypad');

/** The name a person gives an area, schedule, level or keypad. */
export const PtiLabel = z
  .string()
  .trim()
  .min(1, 'give it a name')
  .max(40, 'names are at most 40 characters');

export const AccessArea = z.object({ id: AccessAreaNumber, name: PtiLabel }).strict();
export type AccessArea = z.infer<typeof AccessArea>;

export const AccessLevel = z
  .object({
    number: AccessLevelNumber,
    name: PtiLabel,
    areaId: AccessAreaNumber,
    scheduleId: ScheduleNumber,
  })
  .strict();
export type AccessLevel = z.infer<typeof AccessLevel>;

export const Keypad = z
  .object({ id: KeypadNumber, name: PtiLabel, areaId: AccessAreaNumber })
  .strict();
export type Keypad = z.infer<typeof Keypad>;
