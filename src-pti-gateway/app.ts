import Fastify from 'fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { buildDemoState } from './demo-data.js';
import { installPtiErrorHandlers, ptiCodes, sendPtiError } from './errors.js';
import { secretsMatch, SessionTable } from './sessions.js';
import { openStateStore } from './state.js';
import type { GatewayState, StateStore } from './state.js';

export interface PtiGatewayOptions {
  /** Directory for the state file; omitted keeps the state in memory. */
  dataDir?: string;
  /** Defaults to 127.0.0.1. */
  host?: string;
  /** Defaults to 0, any free port; the chosen one is in `url`. */
  port?: number;
  /** Request logging to stdout. Defaults to false. */
  log?: boolean;
}

export interface PtiGateway {
  url: string;
  /** The sites and units the emulator serves (read-only for callers). */
  state: Readonly<GatewayState>;
  close(): Promise<void>;
}

export const gatewayName = 'gatedesk-pti-gateway';

const SessionRequest = z
  .object({
    siteKey: z.string().min(1, 'must not be empty').max(200),
    username: z.string().min(1, 'must not be empty').max(200),
    password: z.string().min(1, 'must not be empty').max(1024),
  })
  .strict();

const requiredFields: z.core.$ZodErrorMap = (issue) => {
  if (issue.code !== 'invalid_type') return undefined;
  if ((issue.path ?? []).length === 0)
    return 'send a JSON object with siteKey, username and password';
  return issue.input === undefined ? 'is required' : `must be a ${issue.expected}`;
};

export async function createPtiGateway(options: PtiGatewayOptions = {}): Promise<PtiGateway> {
  const store = await openStateStore(options.dataDir, buildDemoState);
  const app = buildGatewayApp(store, new SessionTable(), options.log ?? false);
  try {
    await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  } catch (error) {
    await app.close();
    throw error;
  }
  const address = app.server.address();
  if (address === null || typeof address === 'string')
    throw new Error('the gateway is not listening on a TCP port');
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    state: store.state,
    close: () => (closing ??= app.close()),
  };
}

export function buildGatewayApp(
  store: StateStore,
  sessions: SessionTable,
  log: boolean,
): FastifyInstance {
  const app = Fastify({ logger: log ? { redact: ['req.headers.authorization'] } : false });
  installPtiErrorHandlers(app);
  const site = (code: string) => store.state.sites.find((s) => s.code === code);

  app.get('/health', async () => ({
    ok: true,
    name: gatewayName,
    sites: store.state.sites.length,
  }));

  app.post<{ Params: { siteCode: string } }>(
    '/v1/sites/:siteCode/session',
    async (request, reply) => {
      const parsed = SessionRequest.safeParse(request.body, { error: requiredFields });
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const field = issue?.path.length ? issue.path.join('.') : 'body';
        return sendPtiError(reply, 400, ptiCodes.malformedRequest, `${field}: ${issue?.message}`);
      }
      const target = site(request.params.siteCode);
      const { siteKey, username, password } = parsed.data;
      // An unknown site gets the same answer as a wrong password, so site codes cannot be probed.
      const valid =
        target !== undefined &&
        secretsMatch(siteKey, target.siteKey) &&
        secretsMatch(username, target.username) &&
        secretsMatch(password, target.password);
      if (!valid) return sendPtiError(reply, 401, ptiCodes.badCredentials, 'bad credentials');
      return sessions.open(target.code);
    },
  );

  app.get<{ Params: { siteCode: string } }>('/v1/sites/:siteCode/units', async (request, reply) => {
    const target = site(request.params.siteCode);
    const token = bearerToken(request);
    if (!target || !token || !sessions.allows(token, target.code)) {
      return sendPtiError(
        reply,
        401,
        ptiCodes.badCredentials,
        'no session for this site; open one with POST /v1/sites/{siteCode}/session',
      );
    }
    return { siteCode: target.code, units: target.units };
  });

  return app;
}

function bearerToken(request: FastifyRequest): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  return match ? match[1]! : null;
}
