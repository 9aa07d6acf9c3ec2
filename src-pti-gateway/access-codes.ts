import { randomInt } from 'node:crypto';

/** Draws a whole number in [min, max); crypto's by default, a seeded one for demo data. */
export type RandomInt = (min: number, max: number) => number;

export const generatedCodeLength = 6;

/**
 * A new access code no user of the site has. Six digits, never starting with 0, because codes
 * travel through spreadsheets (rental CSV exports) that drop leading zeros.
 */
export function generateAccessCode(
  taken: ReadonlySet<string>,
  random: RandomInt = randomInt,
): string {
  const low = 10 ** (generatedCodeLength - 1);
  const high = 10 ** generatedCodeLength;
  for (let attempt = 0; attempt < 1000; attempt++) {
    const code = String(random(low, high));
    if (!taken.has(code)) return code;
  }
  throw new Error('could not find a free access code; the site has too many users');
}
