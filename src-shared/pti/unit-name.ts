import { z } from 'zod';
import { ptiErrorCodes } from './error-codes.js';

/**
 * PTI unit names, as integrators know them: 1–10 characters with no spaces. PTI answers −3 to
 * anything else, so the client checks the same rule before a name is ever mapped or queued.
 */
export const unitNameMaxLength = 10;
export const unitNameRule = 'PTI unit names are 1–10 characters with no spaces';

/** The name as quoted in a message: enough to recognise it, never a pasted page of text. */
const quoted = (name: string) => {
  const chars = [...name];
  return chars.length > 24 ? `${chars.slice(0, 24).join('')}…` : name;
};

/** Why `name` is not a valid PTI unit name, or null when it is. */
export function unitNameProblem(name: string): string | null {
  if (name.length === 0) return `${unitNameRule}; this one is empty.`;
  if (/\s/.test(name)) return `${unitNameRule}; "${quoted(name)}" contains a space.`;
  // Counted in characters a person sees, not UTF-16 units.
  const length = [...name].length;
  if (length > unitNameMaxLength)
    return `${unitNameRule}; "${quoted(name)}" has ${length} characters.`;
  if (/\p{Cc}/u.test(name)) return `${unitNameRule}; this one contains a control character.`;
  return null;
}

export function isValidUnitName(name: string): boolean {
  return unitNameProblem(name) === null;
}

export const PtiUnitName = z.string().superRefine((name, context) => {
  const problem = unitNameProblem(name);
  if (problem)
    context.addIssue({
      code: 'custom',
      message: problem,
      params: { ptiCode: ptiErrorCodes.invalidUnitName },
    });
});
