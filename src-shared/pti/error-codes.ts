/**
 * The PTI gateway protocol reports failures as negative codes, as PTI does (−1 bad credentials,
 * −3 invalid unit name, −22 unit not locked, −404 unknown unit). The other codes are ours, chosen
 * in the same style. Each carries a sentence a site manager understands, and whether trying the
 * same request again later can succeed without anyone changing anything.
 */
export const ptiErrorCodes = {
  badCredentials: -1,
  sessionExpired: -2,
  invalidUnitName: -3,
  invalidAccessCode: -4,
  unknownAccessLevel: -5,
  unitOccupied: -6,
  duplicateAccessCode: -7,
  unitVacant: -8,
  unknownCustomer: -9,
  unknownKeypad: -10,
  unknownZone: -11,
  invalidAccessSetup: -12,
  customerHasOtherCode: -13,
  idempotencyKeyReused: -14,
  unitNotLocked: -22,
  malformedRequest: -400,
  unknownUnit: -404,
  internal: -500,
  badResponse: -502,
  offline: -503,
} as const;
export type PtiErrorName = keyof typeof ptiErrorCodes;
export type PtiErrorCode = (typeof ptiErrorCodes)[PtiErrorName];

export interface PtiErrorInfo {
  name: PtiErrorName;
  /** What went wrong and what to do, for the person who asked. */
  message: string;
  /** Trying the same request later may succeed with nothing changed (the gateway was away). */
  retryable: boolean;
}

const table: Record<PtiErrorCode, PtiErrorInfo> = {
  [-1]: {
    name: 'badCredentials',
    message:
      'The site key, username or password was not accepted. Check them in the site’s PTI settings.',
    retryable: false,
  },
  [-2]: {
    name: 'sessionExpired',
    message: 'The session with the PTI gateway expired or was never opened; sign in again.',
    retryable: true,
  },
  [-3]: {
    name: 'invalidUnitName',
    message: 'PTI unit names are 1–10 characters with no spaces.',
    retryable: false,
  },
  [-4]: {
    name: 'invalidAccessCode',
    message: 'Access codes are 4 to 10 digits (0–9 only).',
    retryable: false,
  },
  [-5]: {
    name: 'unknownAccessLevel',
    message: 'This access level is not set up at the site. Pick one of the site’s access levels.',
    retryable: false,
  },
  [-6]: {
    name: 'unitOccupied',
    message: 'This unit is rented to another customer in PTI. Move them out first.',
    retryable: false,
  },
  [-7]: {
    name: 'duplicateAccessCode',
    message:
      'Another user at this site already has this access code. Choose another, or let PTI generate one.',
    retryable: false,
  },
  [-8]: {
    name: 'unitVacant',
    message: 'This unit has no tenant in PTI.',
    retryable: false,
  },
  [-9]: {
    name: 'unknownCustomer',
    message: 'PTI has no user for this customer at this site.',
    retryable: false,
  },
  [-10]: {
    name: 'unknownKeypad',
    message: 'PTI does not know this keypad at this site.',
    retryable: false,
  },
  [-11]: {
    name: 'unknownZone',
    message:
      'This zone (time schedule) is not set up at the site. Pick one of the site’s schedules.',
    retryable: false,
  },
  [-12]: {
    name: 'invalidAccessSetup',
    message: 'The access areas, time schedules, access levels and keypads do not fit together.',
    retryable: false,
  },
  [-13]: {
    name: 'customerHasOtherCode',
    message:
      'This customer already has a different access code at this site, and one customer has one code. Regenerate the code instead.',
    retryable: false,
  },
  [-14]: {
    name: 'idempotencyKeyReused',
    message: 'This Idempotency-Key was already used for a different request; send a new key.',
    retryable: false,
  },
  [-22]: {
    name: 'unitNotLocked',
    message: 'This unit is not locked, so there is nothing to unlock.',
    retryable: false,
  },
  [-400]: {
    name: 'malformedRequest',
    message: 'The PTI gateway did not understand the request.',
    retryable: false,
  },
  [-404]: {
    name: 'unknownUnit',
    message: 'PTI does not know this unit. Check the unit’s PTI unit name.',
    retryable: false,
  },
  [-500]: {
    name: 'internal',
    message: 'The PTI gateway had an internal error. Try again in a moment.',
    retryable: true,
  },
  [-502]: {
    name: 'badResponse',
    message: 'The PTI gateway’s answer was not understood.',
    retryable: true,
  },
  [-503]: {
    name: 'offline',
    message: 'The PTI gateway is offline (Storlogix offline). Try again when it is back.',
    retryable: true,
  },
};

export function isPtiErrorCode(code: number): code is PtiErrorCode {
  return Object.hasOwn(table, code);
}

/** What a code means; codes from other gateways fall back to a general sentence. */
export function ptiErrorInfo(
  code: number,
): Omit<PtiErrorInfo, 'name'> & { code: number; name: PtiErrorName | 'other' } {
  if (isPtiErrorCode(code)) return { code, ...table[code] };
  return {
    code,
    name: 'other',
    message: `The PTI gateway refused the request (PTI code ${code}).`,
    retryable: false,
  };
}

/** The table, for documentation and for a settings screen that explains codes. */
export function allPtiErrors(): (PtiErrorInfo & { code: PtiErrorCode })[] {
  return (Object.keys(table) as unknown as string[])
    .map((code) => Number(code) as PtiErrorCode)
    .sort((a, b) => b - a)
    .map((code) => ({ code, ...table[code] }));
}

/**
 * The PTI code a shared schema attached to a validation issue (−3 for a unit name, −4 for an
 * access code, −12 for a schedule window), so a refused field carries the code PTI would give.
 */
export function ptiCodeOfIssue(issue: {
  code: string;
  params?: unknown;
}): PtiErrorCode | undefined {
  if (issue.code !== 'custom') return undefined;
  const code = (issue.params as { ptiCode?: unknown } | undefined)?.ptiCode;
  return typeof code === 'number' && isPtiErrorCode(code) ? code : undefined;
}
