import { z } from 'zod';
import { ptiErrorCodes } from './error-codes.js';

/** Access codes are what a tenant types at a keypad: digits only, 4–10 long, unique in a site. */
export const accessCodeMinLength = 4;
export const accessCodeMaxLength = 10;
export const accessCodeRule = 'Access codes are 4 to 10 digits (0–9 only)';

/** Why `code` is not a valid access code, or null when it is. Never echoes the code itself. */
export function accessCodeProblem(code: string): string | null {
  if (!/^\d*$/.test(code)) return `${accessCodeRule}; this one contains other characters.`;
  if (code.length < accessCodeMinLength)
    return `${accessCodeRule}; this one has ${code.length} digit${code.length === 1 ? '' : 's'}.`;
  if (code.length > accessCodeMaxLength)
    return `${accessCodeRule}; this one has ${code.length} digits.`;
  return null;
}

export function isValidAccessCode(code: string): boolean {
  return accessCodeProblem(code) === null;
}

export const PtiAccessCode = z.string().superRefine((code, context) => {
  const problem = accessCodeProblem(code);
  if (problem)
    context.addIssue({
      code: 'custom',
      message: problem,
      params: { ptiCode: ptiErrorCodes.invalidAccessCode },
    });
});

/** Shows only the last two digits, for logs and event lists a person reads over a shoulder. */
export function maskAccessCode(code: string): string {
  return code.length <= 2 ? '•'.repeat(code.length) : '•'.repeat(code.length - 2) + code.slice(-2);
}
