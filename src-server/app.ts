import { join } from 'node:path';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { openAccountServices } from './account-services.js';
import type { AccountServiceOptions, AccountServices } from './account-services.js';
import { defaultSessionPolicy } from './auth/sessions.js';
import type { SessionPolicy } from './auth/sessions.js';
import { openDatabase } from './db/database.js';
import type { Database } from './db/schema.js';
import { registerApiDocs } from './http/api-docs.js';
import {
  answerClientError,
  answerFrameworkError,
  installErrorHandlers,
  installTextChecks,
} from './http/errors.js';
import { runLifecycleJobs, startLifecycleJobs } from './jobs/lifecycle.js';
import type { LifecycleRun } from './jobs/lifecycle.js';
import { registerAccountPages } from './routes/account-pages.js';
import { registerAccountRoutes } from './routes/accounts.js';
import { registerAdminRoutes } from './routes/admin.js';
import { registerAuthRoutes } from './routes/auth.js';
import { registerBlobRoutes } from './routes/blobs.js';
import type { RouteContext } from './routes/context.js';
import { registerEventRoutes } from './routes/events.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerKbRoutes } from './routes/kb.js';
import { registerSlaCalendarRoutes } from './routes/sla-calendar.js';
import { registerSiteRoutes } from './routes/sites.js';
import { registerSyncRoutes } from './routes/sync.js';
import { seedDemoData } from './seed/demo-seed.js';
import { openServerSecretBox } from './secrets/server-key.js';
import { SyncNotifier } from './sync/notifier.js';
import type { TicketHooks } from './tickets/activity.js';

export interface SupportServerOptions extends AccountServiceOptions {
  /** A PostgreSQL connection string; when set, `dataDir` is ignored. */
  databaseUrl?: string;
  /** PGlite data directory; omitted (and no databaseUrl) keeps everything in memory. */
  dataDir?: string;
  /** Defaults to 127.0.0.1: the server listens on loopback unless told otherwise. */
  host?: string;
  /** Defaults to 0, any free port; the chosen one is in `url`. */
  port?: number;
  /** 'demo' seeds the demo data into an empty database. Defaults to 'none'. */
  seed?: 'demo' | 'none';
  /** Request logging to stdout. Defaults to false. */
  log?: boolean;
  /** Where log lines go instead of stdout when `log` is on (tests read them). */
  logStream?: { write(line: string): void };
  /** The least severe level logged when `log` is on (default info). */
  logLevel?: string;
  /**
   * The key sites' PTI secrets are sealed with: 32 bytes as base64 or hex
   * (GATEDESK_SERVER_SECRET_KEY). Without it, the key file is used (created the first time).
   */
  secretKey?: string;
  /** Defaults to `<dataDir>/server-secret.key`; with neither, a key that lasts one process. */
  secretKeyFile?: string;
  /** The server's clock; tests move it to expire sessions. */
  now?: () => Date;
  sessions?: Partial<SessionPolicy>;
  /** How ticket changes reach the rest of the server (email outbox, blob references). */
  ticketHooks?: Partial<TicketHooks>;
  /** How often the lifecycle jobs (auto-close, pruning) run; 0 turns the timer off. 60 s default. */
  jobIntervalMs?: number;
  /** Heartbeat of the SSE poke stream. 15 s default. */
  pokeHeartbeatMs?: number;
}

export interface SupportServer {
  url: string;
  schemaVersion: number;
  /** True when this start filled an empty database with the demo data. */
  seededDemo: boolean;
  /** The database the routes use, for in-process callers such as tests and admin tools. */
  db: Kysely<Database>;
  /** Commits that live channels hear of; in-process writers (admin tools) announce theirs here. */
  notifier: SyncNotifier;
  /** Runs the lifecycle jobs once, as of `now` (auto-close, pruning); the timer does it too. */
  runLifecycleJobs(now?: Date): Promise<LifecycleRun>;
  close(): Promise<void>;
}

export async function createSupportServer(
  options: SupportServerOptions = {},
): Promise<SupportServer> {
  const now = options.now ?? (() => new Date());
  const { db, schemaVersion } = await openDatabase({
    databaseUrl: options.databaseUrl,
    dataDir: options.dataDir,
  });
  let app: FastifyInstance | undefined;
  let services: AccountServices | undefined;
  try {
    services = await openAccountServices(db, now, options);
    const seededDemo = options.seed === 'demo' ? await seedDemoData(db, now()) : false;
    const notifier = new SyncNotifier();
    const siteSecrets = openServerSecretBox({
      secretKey: options.secretKey,
      secretKeyFile:
        options.secretKeyFile ??
        (options.dataDir ? join(options.dataDir, 'server-secret.key') : undefined),
    });
    const ticketHooks: TicketHooks = { ...services.ticketHooks, ...options.ticketHooks };
    const context: RouteContext = {
      db,
      now,
      schemaVersion,
      sessions: { ...defaultSessionPolicy, ...options.sessions },
      notifier,
      ticketHooks,
      mail: services.mail,
      accountTokens: services.accountTokens,
      limits: services.limits,
      blobs: services.blobs,
      pokeHeartbeatMs: options.pokeHeartbeatMs ?? 15_000,
      siteSecrets,
    };
    app = buildHttpApp(context, options.log ?? false, options.logStream, options.logLevel);
    const jobContext = { db, hooks: ticketHooks, notifier };
    const jobIntervalMs = options.jobIntervalMs ?? 60_000;
    const jobs =
      jobIntervalMs > 0
        ? startLifecycleJobs(
            {
              ...jobContext,
              now,
              onError: (error) => app?.log.error({ err: error }, 'lifecycle job failed'),
            },
            jobIntervalMs,
          )
        : null;
    const host = options.host ?? '127.0.0.1';
    await app.listen({ host, port: options.port ?? 0 });
    const address = app.server.address();
    if (address === null || typeof address === 'string')
      throw new Error('the server is not listening on a TCP port');
    const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;

    services.listening(url);
    const logger = app.log;
    services.startMail((report) => logger.warn(report, 'email not sent yet'));

    const listening = app;
    const running = services;
    let closing: Promise<void> | undefined;
    return {
      url,
      schemaVersion,
      seededDemo,
      db,
      notifier,
      runLifecycleJobs: (at) => runLifecycleJobs(jobContext, at ?? now()),
      close: () => {
        closing ??= (async () => {
          await jobs?.stop();
          await running.stop();
          await listening.close();
          await db.destroy();
        })();
        return closing;
      },
    };
  } catch (error) {
    await app?.close();
    await services?.stop();
    await db.destroy();
    throw error;
  }
}

/** The HTTP surface alone, without a listening socket. */
export function buildHttpApp(
  context: RouteContext,
  log: boolean,
  logStream?: { write(line: string): void },
  logLevel = 'info',
): FastifyInstance {
  const app = Fastify({
    logger: log
      ? {
          level: logLevel,
          ...(logStream ? { stream: logStream } : {}),
          redact: ['req.headers.authorization'],
          // The poke stream may carry its token in the query string (EventSource cannot set
          // headers), and account emails' links carry theirs: never write either to the log.
          serializers: {
            req: (request: { method: string; url: string }) => ({
              method: request.method,
              url: request.url.replace(/([?&](?:access_token|token)=)[^&]*/g, '$1[redacted]'),
            }),
          },
        }
      : false,
    // Keeps clients from stalling a request slot forever.
    requestTimeout: 30_000,
    // Requests too broken to reach a route (oversized headers, bad HTTP) answer in our shape too.
    clientErrorHandler: answerClientError,
    frameworkErrors: answerFrameworkError,
  });
  installErrorHandlers(app);
  installTextChecks(app);
  registerApiDocs(app, { version: String(context.schemaVersion) });
  // Routes are registered inside a plugin so that the API docs, loaded first, see every one.
  void app.register(async (api) => {
    registerHealthRoutes(api, context);
    registerAuthRoutes(api, context);
    registerAccountRoutes(api, context);
    registerAccountPages(api, context);
    registerAdminRoutes(api, context);
    registerBlobRoutes(api, context);
    registerSyncRoutes(api, context);
    registerEventRoutes(api, context);
    registerKbRoutes(api, context);
    registerSlaCalendarRoutes(api, context);
    registerSiteRoutes(api, context);
  });
  return app;
}
