import type { Kysely } from 'kysely';

/**
 * A numbered schema step. A migration is frozen once released: it sees the database as it was
 * at its version, so it is written against `Kysely<unknown>` and never against today's types.
 */
export interface Migration {
  version: number;
  name: string;
  up(db: Kysely<unknown>): Promise<void>;
}
