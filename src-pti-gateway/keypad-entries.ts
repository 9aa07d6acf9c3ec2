import { maskAccessCode } from '../src-shared/pti/access-code.js';
import { ptiErrorCodes } from '../src-shared/pti/error-codes.js';
import { decideKeypadEntry } from '../src-shared/pti/keypad.js';
import type { KeypadEntryRequest, KeypadEntryResponse } from '../src-shared/pti/protocol.js';
import { describeLocalTime } from '../src-shared/pti/site-time.js';
import { GatewayError } from './errors.js';
import type { SiteState } from './state.js';

/** How many entries the event log keeps per site; older ones fall off the front. */
export const eventLogLimit = 1000;

/** A code typed at a keypad: decided by the shared rules and written to the site's event log. */
export function enterCode(
  site: SiteState,
  keypadParam: string,
  request: KeypadEntryRequest,
  now: Date,
): KeypadEntryResponse {
  const keypad = /^\d+$/.test(keypadParam)
    ? site.keypads.find((k) => k.id === Number(keypadParam))
    : undefined;
  if (!keypad)
    throw new GatewayError(
      ptiErrorCodes.unknownKeypad,
      `PTI does not know keypad ${keypadParam} at site ${site.code}; it has ${site.keypads.map((k) => `${k.id} (${k.name})`).join(', ') || 'none'}.`,
    );
  const at = request.at ? new Date(request.at) : now;
  const decision = decideKeypadEntry(site, keypad.areaId, request.code, at);
  const user = site.users.find((u) => u.userId === decision.userId);
  const event = {
    seq: site.nextEventSeq,
    at: at.toISOString(),
    localTime: describeLocalTime(decision.local),
    keypadId: keypad.id,
    answer: decision.answer,
    reason: decision.reason,
    userId: decision.userId,
    customerRef: user?.customerRef ?? null,
    codeHint: maskAccessCode(request.code),
  };
  site.nextEventSeq += 1;
  site.events.push(event);
  if (site.events.length > eventLogLimit) site.events.splice(0, site.events.length - eventLogLimit);
  return { event };
}
