import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import type { RandomInt } from './access-codes.js';
import type { GatewayContext } from './context.js';
import { buildDemoState } from './demo-data.js';
import { installPtiErrorHandlers } from './errors.js';
import { installFaults, noFaults } from './faults.js';
import { SessionTable } from './sessions.js';
import { registerSiteRoutes } from './site-routes.js';
import { openStateStore } from './state-file.js';
import type { GatewayState } from './state.js';

export interface PtiGatewayOptions {
  /** Directory for the state file; omitted keeps the state in memory. */
  dataDir?: string;
  /** Defaults to 127.0.0.1. */
  host?: string;
  /** Defaults to 0, any free port; the chosen one is in `url` and `port`. */
  port?: number;
  /** Request logging to stdout. Defaults to false. */
  log?: boolean;
  /**
   * Serves POST /_faults (offline, slow, 5xx) for tests and training. Off unless asked for:
   * `npm run pti-gateway` turns it on only with GATEDESK_PTI_FAULTS=1.
   */
  faults?: boolean;
  /** The clock keypad entries and stored replies use; the system clock by default. */
  now?: () => Date;
  /** Where generated access codes come from; crypto's random numbers by default. */
  random?: RandomInt;
}

export interface PtiGateway {
  url: string;
  port: number;
  /** The sites the emulator serves (read-only for callers). */
  state: Readonly<GatewayState>;
  /** Stops listening once in-flight requests are answered and every change is on disk. */
  close(): Promise<void>;
}

export const gatewayName = 'gatedesk-pti-gateway';

/**
 * The PTI gateway emulator as an HTTP server. Closing it and creating it again on the same
 * `dataDir` is a restart: sites, users, codes, the event log and stored replies survive;
 * sessions do not, as on a real controller.
 */
export async function createPtiGateway(options: PtiGatewayOptions = {}): Promise<PtiGateway> {
  const store = await openStateStore(options.dataDir, buildDemoState);
  const context: GatewayContext = {
    store,
    sessions: new SessionTable(),
    faults: options.faults ? noFaults() : null,
    now: options.now ?? (() => new Date()),
    random: options.random,
  };
  const app = buildGatewayApp(context, options.log ?? false);
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
    port: address.port,
    state: store.state,
    close: () => (closing ??= app.close().then(() => store.flush())),
  };
}

export function buildGatewayApp(context: GatewayContext, log: boolean): FastifyInstance {
  const app = Fastify({
    logger: log ? { redact: ['req.headers.authorization'] } : false,
    // Unit names may contain characters that arrive percent-encoded; they stay short.
    routerOptions: { maxParamLength: 200 },
  });
  installPtiErrorHandlers(app);
  if (context.faults) installFaults(app, context.faults);

  app.get('/health', async () => ({
    ok: true,
    name: gatewayName,
    sites: context.store.state.sites.length,
  }));
  registerSiteRoutes(app, context);
  return app;
}
