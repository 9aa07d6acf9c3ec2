import { z } from 'zod';
import { AcceptedResponse, MySettings } from '../../../src-shared/accounts.js';
import { accountOfflineMessage } from '../../../src-shared/domain/account-calls.js';
import type { ActiveProfile } from '../active-profile.js';
import type { Handlers } from '../api/dispatch.js';
import { ServiceError } from '../api/errors.js';
import { onlineCall } from '../sync/online-call.js';
import {
  createSupportClient,
  NetworkError,
  ServerError,
  type SupportClient,
} from '../sync/support-client.js';

type AccountCalls =
  | 'account.settings.get'
  | 'account.settings.set'
  | 'account.changePassword'
  | 'account.requestAccount';

export interface AccountServiceDeps {
  active(): Promise<ActiveProfile>;
  /** The active profile, or null when there is none (requesting an account needs no profile). */
  activeOrNull(): Promise<ActiveProfile | null>;
  fetch?: typeof fetch;
  /** Records a profile's new account email, so the next sign-in uses it. */
  updateProfileAccount(profileId: string, email: string): Promise<void>;
}

/**
 * The signed-in person's account on the active profile's server: "My settings", the password,
 * and a request for a new account. Online only (an account change is not queued): with no
 * server the call fails with one plain sentence and the screen keeps what was typed. A refused
 * field comes back with the server's message at that field.
 */
export function accountHandlers(deps: AccountServiceDeps): Pick<Handlers, AccountCalls> {
  return {
    'account.settings.get': async () => {
      const p = await deps.active();
      return online(
        p,
        'see your settings',
        (token) =>
          p.client.send(token, { method: 'GET', path: '/account/v1/settings' }, MySettings),
        'You are offline; your settings cannot be loaded now. Try again when online.',
      );
    },

    'account.settings.set': async (input) => {
      const p = await deps.active();
      const saved = await online(p, 'save your settings', (token) =>
        p.client.send(
          token,
          { method: 'PUT', path: '/account/v1/settings', body: input },
          MySettings,
        ),
      );
      // The name and email shown for the session follow the change at once.
      await rememberSessionIdentity(p, saved);
      if (saved.email.toLowerCase() !== p.profile.account.toLowerCase()) {
        await deps.updateProfileAccount(p.profile.id, saved.email);
        p.profile.account = saved.email;
      }
      return saved;
    },

    'account.changePassword': async (input) => {
      const p = await deps.active();
      return online(
        p,
        'change your password',
        (token) =>
          p.client.send(
            token,
            { method: 'POST', path: '/auth/v1/change-password', body: input },
            z.object({ message: z.string() }),
          ),
        'You are offline; your password was not changed. Try again when online.',
      );
    },

    'account.requestAccount': async ({ serverUrl, ...request }) => {
      const target = serverUrl ?? (await deps.activeOrNull())?.profile.serverUrl;
      if (!target) {
        throw new ServiceError(
          'invalid_input',
          'Enter the address of the support server to ask for an account.',
          [{ path: 'serverUrl', message: 'enter the support server’s address' }],
        );
      }
      const client: SupportClient = createSupportClient({
        baseUrl: target,
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
      });
      try {
        // no session: the request is made without a token
        return await client.send(
          '',
          { method: 'POST', path: '/auth/v1/request-account', body: request },
          AcceptedResponse,
        );
      } catch (error) {
        if (error instanceof NetworkError) {
          throw new ServiceError(
            'unavailable',
            `You are offline, or ${new URL(target).host} cannot be reached; your request was not sent. Try again when online.`,
          );
        }
        if (error instanceof ServerError) throw refusal(error);
        throw error;
      }
    },
  };
}

/** onlineCall with the account screens' own offline sentence and the server's field issues. */
function online<T>(
  p: ActiveProfile,
  what: string,
  call: (token: string) => Promise<T>,
  offlineMessage = accountOfflineMessage,
): Promise<T> {
  return onlineCall(p, what, async (token) => {
    try {
      return await call(token);
    } catch (error) {
      if (error instanceof NetworkError) throw new ServiceError('unavailable', offlineMessage);
      // 401 goes back to onlineCall, which renews the session once
      if (error instanceof ServerError && error.status !== 401) throw refusal(error);
      throw error;
    }
  });
}

function refusal(error: ServerError): ServiceError {
  switch (error.status) {
    case 400:
      return new ServiceError('invalid_input', error.message, error.issues);
    case 403:
      return new ServiceError('forbidden', error.message);
    case 404:
      return new ServiceError(
        'not_found',
        'This server does not offer account settings. Check the server address in the profile.',
      );
    case 409:
      return new ServiceError('conflict', error.message, error.issues);
    default:
      return new ServiceError('unavailable', error.message);
  }
}

async function rememberSessionIdentity(p: ActiveProfile, saved: MySettings): Promise<void> {
  const raw = await p.db.read('sync.getMeta', { key: 'session_user' });
  if (!raw) return;
  const user = JSON.parse(raw) as Record<string, unknown>;
  if (user.name === saved.name && user.email === saved.email) return;
  await p.db.write('sync.setMeta', {
    key: 'session_user',
    value: JSON.stringify({ ...user, name: saved.name, email: saved.email }),
  });
  p.changed(['session']);
}
