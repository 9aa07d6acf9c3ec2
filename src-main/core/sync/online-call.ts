import type { ErrorCode } from '../../../src-shared/result.js';
import type { ActiveProfile } from '../active-profile.js';
import { ServiceError } from '../api/errors.js';
import { NetworkError, ServerError } from './support-client.js';

/**
 * Runs a call that only works online (nothing to queue: a support PIN is issued or redeemed
 * now or not at all) with the profile's session. A 401 renews the session once; no answer at
 * all says plainly that the server cannot be reached; the server's own sentence is kept for
 * every refusal.
 */
export async function onlineCall<T>(
  profile: ActiveProfile,
  what: string,
  call: (accessToken: string) => Promise<T>,
): Promise<T> {
  const offline = () =>
    new ServiceError(
      'unavailable',
      `You are offline. To ${what}, Gatedesk needs the support server, which cannot be reached now. Connect to the network and try again.`,
    );
  const signInAgain = () =>
    new ServiceError('unauthorized', `Sign in again to ${what}; your session has ended.`);

  let token = await profile.session.accessToken();
  try {
    if (!token) {
      if (!(await profile.session.renew())) throw signInAgain();
      token = await profile.session.accessToken();
    }
    try {
      return await call(token!);
    } catch (error) {
      if (!(error instanceof ServerError && error.status === 401)) throw error;
      if (!(await profile.session.renew())) throw signInAgain();
      return await call((await profile.session.accessToken())!);
    }
  } catch (error) {
    if (error instanceof ServiceError) throw error;
    if (error instanceof NetworkError) throw offline();
    if (error instanceof ServerError) throw new ServiceError(codeFor(error), error.message);
    throw error;
  }
}

function codeFor(error: ServerError): ErrorCode {
  switch (error.status) {
    case 400:
      return 'invalid_input';
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 409:
      return 'conflict';
    default:
      // 429 (too many tries: the sentence says how long to wait or whom to ask) and 5xx
      return 'unavailable';
  }
}
