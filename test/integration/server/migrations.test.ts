import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createSupportServer } from '../../../src-server/app.js';
import { DatabaseTooNewError, migrate } from '../../../src-server/db/migrate.js';
import { migrations } from '../../../src-server/db/migrations/index.js';
import type { Migration } from '../../../src-server/db/migrations/migration.js';
import type { Database } from '../../../src-server/db/schema.js';
import { DEMO_TECHNICIAN } from '../../../src-server/seed/demo-accounts.js';
import { demoTicketCount } from '../../../src-server/seed/demo-seed.js';
import { createTicket } from '../../../src-server/tickets/create-ticket.js';
import { freshDatabaseUrl } from '../../helpers/server-db.js';
import { tempDir } from '../../helpers/temp-dir.js';

const dirs: { remove(): void }[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

async function ticketCount(db: Kysely<Database>): Promise<number> {
  const row = await sql<{ n: number }>`select count(*) as n from tickets`.execute(db);
  return Number(row.rows[0]!.n);
}

function postgres(databaseUrl: string): Kysely<unknown> {
  return new Kysely<unknown>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: databaseUrl, max: 2 }) }),
  });
}

describe('the embedded store (PGlite), as the desktop demo runs it', () => {
  it('keeps its data across restarts and seeds the demo only once', async () => {
    const dir = tempDir('server-reopen');
    dirs.push(dir);

    const first = await createSupportServer({ dataDir: dir.path, seed: 'demo' });
    expect(first.seededDemo).toBe(true);
    const organisation = await first.db
      .selectFrom('organisations')
      .select('id')
      .executeTakeFirstOrThrow();
    const created = await createTicket(first.db, {
      organisationId: organisation.id,
      subject: 'Licence renewal for StorLogix Cloud',
      description: 'Our licence expires next month.',
      category: 'licence',
      productLine: 'pti_software',
    });
    expect(created.ok).toBe(true);
    await first.close();

    const second = await createSupportServer({ dataDir: dir.path, seed: 'demo' });
    try {
      expect(second.seededDemo).toBe(false);
      expect(await ticketCount(second.db)).toBe(demoTicketCount + 1);
      const signIn = await fetch(`${second.url}/auth/v1/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(DEMO_TECHNICIAN),
      });
      expect(signIn.status).toBe(200);
      const health = await (await fetch(`${second.url}/health`)).json();
      expect(health.schemaVersion).toBe(migrations.length);
      // Text search, used by the knowledge base, works on the embedded store too.
      const { accessToken } = await signIn.json();
      const search = await fetch(`${second.url}/kb/v1/search?q=keypad`, {
        headers: { authorization: `Bearer ${accessToken}` },
      });
      expect((await search.json()).hits.length).toBeGreaterThan(0);
    } finally {
      await second.close();
    }
  });
});

describe('migrations on PostgreSQL', () => {
  it('refuses to start on a database written by a newer server, and leaves it untouched', async () => {
    const databaseUrl = await freshDatabaseUrl('too_new');
    const server = await createSupportServer({ databaseUrl, jobIntervalMs: 0 });
    await sql`insert into schema_migrations (version, name, applied_at) values (99, 'from the future', now())`.execute(
      server.db,
    );
    await server.close();

    const attempt = createSupportServer({ databaseUrl, jobIntervalMs: 0 });
    await expect(attempt).rejects.toBeInstanceOf(DatabaseTooNewError);
    await expect(attempt).rejects.toThrow(
      new RegExp(
        `schema version 99, but this server only knows versions up to ${migrations.length}`,
      ),
    );
    // The message names the database without its password.
    await expect(attempt).rejects.toThrow(/at postgres:\/\/postgres@127\.0\.0\.1:\d+\/gd_too_new_/);
    await expect(attempt).rejects.not.toThrow(/:[^@/]+@127/);

    const db = postgres(databaseUrl);
    try {
      const versions = await sql<{ version: number }>`
        select version from schema_migrations order by version`.execute(db);
      expect(versions.rows.map((r) => Number(r.version))).toEqual([
        ...migrations.map((m) => m.version),
        99,
      ]);
    } finally {
      await db.destroy();
    }
  });

  it('rolls a failing migration back whole, leaving the previous version in place', async () => {
    const db = postgres(await freshDatabaseUrl('rollback'));
    try {
      const broken: Migration = {
        version: migrations.length + 1,
        name: 'half done',
        up: async (trx) => {
          await sql`create table half_done (id integer)`.execute(trx);
          throw new Error('disk full');
        },
      };
      await expect(migrate(db, [...migrations, broken], { where: 'in a test' })).rejects.toThrow(
        'disk full',
      );

      const tables = await sql<{ table_name: string }>`
        select table_name from information_schema.tables
        where table_name in ('half_done', 'tickets', 'messages') order by table_name`.execute(db);
      expect(tables.rows.map((r) => r.table_name)).toEqual(['messages', 'tickets']);
      const applied = await sql<{ version: number }>`
        select version from schema_migrations order by version`.execute(db);
      expect(applied.rows.map((r) => Number(r.version))).toEqual(migrations.map((m) => m.version));

      expect(await migrate(db, migrations, { where: 'in a test' })).toBe(migrations.length);
    } finally {
      await db.destroy();
    }
  });
});

describe('migration 4: calendars, status history, synced organisations, callbacks', () => {
  it('rebuilds each ticket status history from its timeline and syncs existing organisations', async () => {
    const db = postgres(await freshDatabaseUrl('m4'));
    try {
      await migrate(db, migrations.slice(0, 3), { where: 'in a test' });
      const at = (iso: string) => new Date(iso);
      await sql`insert into organisations (id, name, address, phone, support_tier, created_at, updated_at)
        values ('o1', 'Harbor Point', '1 Dock St', '+1 555-0100', 'preferred', now(), now())`.execute(
        db,
      );
      await sql`insert into tickets (id, number, subject, description, status, priority, category,
          product_line, organisation_id, created_at, updated_at, version)
        values ('t1', 'HW00000001', 'Gate', 'Offline', 'OPEN', 'high', 'technical', 'pti_hardware', 'o1',
          ${at('2026-11-23T14:00:00Z')}, ${at('2026-11-24T15:00:00Z')}, 1),
        ('t2', 'HW00000002', 'Keypad', 'Dark', 'NEW', 'low', 'technical', 'pti_hardware', 'o1',
          ${at('2026-11-23T14:00:00Z')}, ${at('2026-11-23T14:00:00Z')}, 2)`.execute(db);
      const message = (id: string, body: string, iso: string, version: number) =>
        sql`insert into messages (id, ticket_id, kind, body, attachments, system_event, created_at, version)
          values (${id}, 't1', 'system', ${body}, '[]', 'status', ${at(iso)}, ${version})`.execute(
          db,
        );
      await message('m1', 'Status changed from NEW to ANSWERED.', '2026-11-23T15:00:00Z', 3);
      await message('m2', 'Status changed from ANSWERED to OPEN.', '2026-11-24T15:00:00Z', 4);
      await sql`update sync_clock set seq = 4`.execute(db);

      await migrate(db, migrations.slice(0, 4), { where: 'in a test' });
      const tickets = await sql<{ id: string; status_history: unknown; version: string }>`
        select id, status_history, version from tickets order by id`.execute(db);
      expect(tickets.rows[0]!.status_history).toEqual([
        { status: 'NEW', at: '2026-11-23T14:00:00.000Z' },
        { status: 'ANSWERED', at: '2026-11-23T15:00:00.000Z' },
        { status: 'OPEN', at: '2026-11-24T15:00:00.000Z' },
      ]);
      // Re-sent to clients with a new version; a ticket with no moves needs no history.
      expect(Number(tickets.rows[0]!.version)).toBeGreaterThan(4);
      expect(tickets.rows[1]).toMatchObject({ status_history: [], version: '2' });
      const changes = await sql<{ table_name: string; row_id: string }>`
        select table_name, row_id from sync_changes order by seq`.execute(db);
      expect(changes.rows).toEqual(
        expect.arrayContaining([
          { table_name: 'business_calendars', row_id: 'default' },
          { table_name: 'organisations', row_id: 'o1' },
          { table_name: 'tickets', row_id: 't1' },
        ]),
      );
      const calendar = await sql<{ time_zone: string; hours: { mon: unknown[] } }>`
        select time_zone, hours from business_calendars where id = 'default'`.execute(db);
      expect(calendar.rows[0]).toMatchObject({
        time_zone: 'America/New_York',
        hours: { mon: [{ start: '08:00', end: '20:00' }], sat: [] },
      });
    } finally {
      await db.destroy();
    }
  });
});
