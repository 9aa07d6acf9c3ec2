import { startEmbeddedPostgres } from '../../../helpers/embedded-postgres.js';

/**
 * A PostgreSQL of the test's own, which it may stop and start (the run's shared one, from
 * test/setup/postgres.ts, serves every other file and must stay up).
 */
export interface OwnPostgres {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  remove(): Promise<void>;
}

export async function startOwnPostgres(): Promise<OwnPostgres> {
  // kept across stop and start: the point is a restart on the same data
  const postgres = await startEmbeddedPostgres({ purpose: 'the test', persistent: true });
  return {
    url: postgres.adminUrl,
    stop: () => postgres.stop(),
    start: () => postgres.start(),
    remove: () => postgres.remove(),
  };
}
