import { SlaPolicy } from '../../../src-shared/sla/index.js';
import type { ActiveProfile } from '../active-profile.js';
import type { Handlers } from '../api/dispatch.js';
import { ServiceError } from '../api/errors.js';
import { onlineCall } from '../sync/online-call.js';

export interface SupportSettingsServiceDeps {
  active(): Promise<ActiveProfile>;
}

/**
 * Support's settings. The business calendar is read from the local store. The SLA policy: read from the local store (it came with the business calendar), changed by an
 * admin online only: a policy is one setting for everyone, so there is nothing sensible to queue.
 * The server's answer is the policy in force; the store follows on the next pull, which the
 * server's poke starts at once.
 */
export function supportSettingsHandlers(
  deps: SupportSettingsServiceDeps,
): Pick<Handlers, 'businessCalendar.get' | 'slaPolicy.get' | 'slaPolicy.set'> {
  return {
    'businessCalendar.get': async () => (await deps.active()).db.read('calendar.get', {}),
    'slaPolicy.get': async () => (await deps.active()).db.read('slaPolicy.get', {}),

    'slaPolicy.set': async (policy) => {
      const p = await deps.active();
      const user = await p.user();
      if (!user) throw new ServiceError('unauthorized', 'Sign in before changing the SLA policy.');
      if (user.role !== 'admin')
        throw new ServiceError('forbidden', 'Only an admin can change the SLA policy.');
      return onlineCall(p, 'change the SLA policy', (token) =>
        p.client.send(
          token,
          { method: 'PUT', path: '/admin/v1/sla-policy', body: policy },
          SlaPolicy,
        ),
      );
    },
  };
}
