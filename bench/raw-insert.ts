import Database from 'better-sqlite3';
import { performance } from 'node:perf_hooks';
import { migrate } from '../src-main/core/store/migrate.js';
import { profileMigrations } from '../src-main/core/store/migrations/profile-db.js';

const siteColumns = ['id', 'organisation_id', 'code', 'name', 'timezone', 'version'];
const userColumns = ['id', 'name', 'email', 'role', 'organisation_id', 'version'];
const ticketColumns = [
  'id',
  'number',
  'subject',
  'description',
  'status',
  'priority',
  'category',
  'product_line',
  'help_topic',
  'organisation_id',
  'site_id',
  'unit_id',
  'internal_reference',
  'assignee_id',
  'resolved_at',
  'follow_up_of_id',
  'created_at',
  'updated_at',
  'version',
];
const messageColumns = [
  'id',
  'ticket_id',
  'kind',
  'author_id',
  'body',
  'quoted_message_id',
  'attachments',
  'created_at',
  'version',
];

const insertSql = (table: string, columns: string[]) =>
  `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => '@' + c).join(', ')})`;

/**
 * The floor under bootstrap: rows the client pulled, read back from its database (not timed)
 * and written into a fresh profile database (same schema, pragmas and search-index triggers) as
 * plain prepared inserts, one transaction per ~1,000 rows like a pulled page. No HTTP, no JSON,
 * no validation, no worker, no upsert or rebase logic.
 *
 * `fraction` < 1 inserts only the first part of the tickets (in pull order) with their threads,
 * to keep long runs short; compare it with the engine's rate over the same first rows.
 * `searchIndex: false` drops the full-text index's insert triggers: what the index costs.
 */
export function rawBatchedInsert(
  source: Database.Database,
  file: string,
  options: { fraction: number; searchIndex: boolean },
): { rows: number; seconds: number } {
  const { fraction } = options;
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db, profileMigrations);
    if (!options.searchIndex)
      db.exec('DROP TRIGGER tickets_fts_insert; DROP TRIGGER messages_fts_insert;');
    const insertSite = db.prepare(insertSql('sites', siteColumns));
    const insertUser = db.prepare(insertSql('users', userColumns));
    const insertTicket = db.prepare(insertSql('tickets', ticketColumns));
    const insertMessage = db.prepare(insertSql('messages', messageColumns));
    let rows = 0;
    let elapsed = 0;
    const timed = (work: () => void) => {
      const started = performance.now();
      db.transaction(work)();
      elapsed += performance.now() - started;
    };

    const sites = source
      .prepare(`SELECT ${siteColumns.join(', ')} FROM sites ORDER BY rowid`)
      .all();
    const users = source
      .prepare(`SELECT ${userColumns.join(', ')} FROM users ORDER BY rowid`)
      .all();
    timed(() => {
      for (const site of sites) insertSite.run(site);
      for (const user of users) insertUser.run(user);
    });
    rows += sites.length + users.length;

    const total = (source.prepare('SELECT COUNT(*) AS n FROM tickets').get() as { n: number }).n;
    const wanted = Math.max(1, Math.round(total * fraction));
    const nextTickets = source.prepare(
      `SELECT rowid AS row, ${ticketColumns.join(', ')} FROM tickets WHERE rowid > ? ORDER BY rowid LIMIT ?`,
    );
    let after = 0;
    for (let done = 0; done < wanted;) {
      // ~100 tickets with their threads make ~1,100 rows: about one pulled page per transaction
      const tickets = nextTickets.all(after, Math.min(100, wanted - done)) as {
        row: number;
        id: string;
      }[];
      if (tickets.length === 0) break;
      after = tickets.at(-1)!.row;
      const messages = source
        .prepare(
          `SELECT ${messageColumns.join(', ')} FROM messages
           WHERE ticket_id IN (${tickets.map(() => '?').join(',')}) ORDER BY rowid`,
        )
        .all(...tickets.map((t) => t.id));
      timed(() => {
        for (const ticket of tickets) insertTicket.run(ticket);
        for (const message of messages) insertMessage.run(message);
      });
      rows += tickets.length + messages.length;
      done += tickets.length;
    }
    return { rows, seconds: elapsed / 1000 };
  } finally {
    db.close();
  }
}
