import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { ptiErrorCodes } from '../src-shared/pti/error-codes.js';
import { FaultSwitchesUpdate } from '../src-shared/pti/protocol.js';
import type { FaultSwitches } from '../src-shared/pti/protocol.js';
import { GatewayError, sendGatewayError } from './errors.js';

export const faultsPath = '/_faults';

export function noFaults(): FaultSwitches {
  return {
    offline: false,
    offlineMode: 'unavailable',
    slowMs: 0,
    fail5xx: false,
    failAfterCommit: false,
  };
}

/**
 * Fault switches for tests and training: the gateway goes offline (answers 503 or drops the
 * connection), answers slowly, or fails with 5xx. `/_faults` itself is never affected, so a test
 * can always switch the faults off again. Registered only when the gateway is started with
 * faults enabled; otherwise the route does not exist and nothing here runs.
 */
export function installFaults(app: FastifyInstance, faults: FaultSwitches): void {
  app.addHook('onRequest', async (request, reply) => {
    if (request.url.split('?')[0] === faultsPath) return;
    if (faults.offline) {
      if (faults.offlineMode === 'refuse') {
        reply.hijack();
        request.raw.socket.destroy();
        return reply;
      }
      return sendGatewayError(
        reply,
        new GatewayError(ptiErrorCodes.offline, 'The PTI gateway is offline (fault switch).'),
      );
    }
    if (faults.slowMs > 0) await sleep(faults.slowMs);
    if (faults.fail5xx)
      return sendGatewayError(
        reply,
        new GatewayError(ptiErrorCodes.internal, 'The PTI gateway failed (fault switch: fail5xx).'),
      );
  });

  app.get(faultsPath, async () => faults);
  app.post(faultsPath, async (request) => {
    const parsed = FaultSwitchesUpdate.strict().safeParse(request.body ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.length ? issue.path.join('.') : 'body';
      throw new GatewayError(ptiErrorCodes.malformedRequest, `${field}: ${issue?.message}`);
    }
    Object.assign(faults, parsed.data);
    return faults;
  });
}
