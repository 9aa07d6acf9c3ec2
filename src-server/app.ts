import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { defaultSessionPolicy } from './auth/sessions.js';
import type { SessionPolicy } from './auth/sessions.js';
import { openDatabase } from './db/database.js';
import type { Database } from './db/schema.js';
import { installErrorHandlers } from './http/errors.js';
import { registerAuthRoutes } from './routes/auth.js';
import type { RouteContext } from './routes/context.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerSyncRoutes } from './routes/sync.js';
import { seedDemoData } from './seed/demo-seed.js';

export interface SupportServerOptions {
  /** PGlite data directory; omitted keeps everything in memory. */
  dataDir?: string;
  /** Defaults to 127.0.0.1: the server listens on loopback unless told otherwise. */
  host?: string;
  /** Defaults to 0, any free port; the chosen one is in `url`. */
  port?: number;
  /** 'demo' seeds the demo data into an empty database. Defaults to 'none'. */
  seed?: 'demo' | 'none';
  /** Request logging to stdout. Defaults to false. */
  log?: boolean;
  /** The server's clock; tests move it to expire sessions. */
  now?: () => Date;
  sessions?: Partial<SessionPolicy>;
}

export interface SupportServer {
  url: string;
  schemaVersion: number;
  /** True when this start filled an empty database with the demo data. */
  seededDemo: boolean;
  /** The database the routes use, for in-process callers such as tests and admin tools. */
  db: Kysely<Database>;
  close(): Promise<void>;
}

export async function createSupportServer(
  options: SupportServerOptions = {},
): Promise<SupportServer> {
  const now = options.now ?? (() => new Date());
  const { db, schemaVersion } = await openDatabase({ dataDir: options.dataDir });
  let app: FastifyInstance | undefined;
  try {
    const seededDemo = options.seed === 'demo' ? await seedDemoData(db, now()) : false;
    const context: RouteContext = {
      db,
      now,
      schemaVersion,
      sessions: { ...defaultSessionPolicy, ...options.sessions },
    };
    app = buildHttpApp(context, options.log ?? false);
    const host = options.host ?? '127.0.0.1';
    await app.listen({ host, port: options.port ?? 0 });
    const address = app.server.address();
    if (address === null || typeof address === 'string')
      throw new Error('the server is not listening on a TCP port');
    const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;

    const listening = app;
    let closing: Promise<void> | undefined;
    return {
      url,
      schemaVersion,
      seededDemo,
      db,
      close: () => {
        closing ??= (async () => {
          await listening.close();
          await db.destroy();
        })();
        return closing;
      },
    };
  } catch (error) {
    await app?.close();
    await db.destroy();
    throw error;
  }
}

/** The HTTP surface alone, without a listening socket. */
export function buildHttpApp(context: RouteContext, log: boolean): FastifyInstance {
  const app = Fastify({
    logger: log ? { redact: ['req.headers.authorization'] } : false,
    // Keeps clients from stalling a request slot forever.
    requestTimeout: 30_000,
  });
  installErrorHandlers(app);
  registerHealthRoutes(app, context);
  registerAuthRoutes(app, context);
  registerSyncRoutes(app, context);
  return app;
}
