import type { Kysely } from 'kysely';
import type { SessionPolicy } from '../auth/sessions.js';
import type { Database } from '../db/schema.js';

/** What every route module needs from the running server. */
export interface RouteContext {
  db: Kysely<Database>;
  now: () => Date;
  schemaVersion: number;
  sessions: SessionPolicy;
}
