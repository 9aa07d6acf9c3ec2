import type { Database } from 'better-sqlite3';
import type { PushResult } from '../../../../src-shared/mutations.js';
import type { MessageRow } from '../../../../src-shared/sync-protocol.js';
import {
  applyToTicket,
  entityOf,
  type ActingUser,
  type LocalMutation,
  type LocalTicket,
} from '../../sync/local-effects.js';
import { readTicket, writeShadow, writeTicket } from './ticket-records.js';
import { isUnitEntity, unitIdOf } from '../../sync/unit-effects.js';
import { keepUnitShadow, recomputeUnit } from './units.js';

export const SUPPORT_TARGET = 'support';

export interface QueuedMutation extends LocalMutation {
  target: string;
  baseVersion: string | null;
}

interface OutboxRecord {
  seq: number;
  id: string;
  target: string;
  name: string;
  args: string;
  base_version: string | null;
  entity_id: string | null;
  created_at: string;
  state: 'pending' | 'acked';
  attempts: number;
  last_error: string | null;
}

const toMutation = (r: OutboxRecord): QueuedMutation => ({
  id: r.id,
  target: r.target,
  name: r.name,
  args: JSON.parse(r.args) as unknown,
  baseVersion: r.base_version,
  createdAt: r.created_at,
});

// ── session user: whose role predicts the effects ─────────────────────────────────────────────

export function getMeta(db: Database, args: { key: string }): string | null {
  const row = db.prepare('SELECT value FROM sync_meta WHERE key = ?').get(args.key) as
    { value: string } | undefined;
  return row?.value ?? null;
}

export function setMeta(db: Database, args: { key: string; value: string }): { tables: string[] } {
  db.prepare(
    'INSERT INTO sync_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  ).run(args.key, args.value);
  return { tables: [] };
}

export function sessionUser(db: Database): ActingUser | null {
  const raw = getMeta(db, { key: 'session_user' });
  return raw ? (JSON.parse(raw) as ActingUser) : null;
}

// ── rebase ────────────────────────────────────────────────────────────────────────────────────

/** Recomputes a ticket's local row as its server row with every queued mutation on top, in order. */
export function recomputeTicket(db: Database, ticketId: string): void {
  const user = sessionUser(db);
  const queued = (
    db
      .prepare('SELECT * FROM outbox WHERE entity_id = ? ORDER BY seq')
      .all(ticketId) as OutboxRecord[]
  ).map(toMutation);
  const server = readTicket(db, 'tickets_server', ticketId);
  if (queued.length === 0) {
    if (server) {
      writeTicket(db, server, false);
      db.prepare('DELETE FROM tickets_server WHERE id = ?').run(ticketId);
    } else if (readTicket(db, 'tickets', ticketId)) {
      db.prepare(
        'UPDATE tickets SET pending = 0 WHERE id = ? AND pending = 1 AND number IS NOT NULL',
      ).run(ticketId);
      // a ticket that only ever existed locally and whose creation was refused disappears
      db.prepare('DELETE FROM tickets WHERE id = ? AND number IS NULL').run(ticketId);
    }
    return;
  }
  let ticket = server;
  if (user) for (const m of queued) ticket = applyToTicket(ticket, m, user);
  if (ticket) writeTicket(db, ticket, true);
  else db.prepare('DELETE FROM tickets WHERE id = ?').run(ticketId);
}

/** Rebases whatever an outbox entity names: a unit (`unit:<id>`) or a ticket. */
export function recomputeEntity(db: Database, entity: string): void {
  if (isUnitEntity(entity)) recomputeUnit(db, unitIdOf(entity), sessionUser(db)?.id ?? null);
  else recomputeTicket(db, entity);
}

const tablesOf = (entities: Iterable<string>): string[] => {
  const tables = new Set<string>();
  for (const e of entities) tables.add(isUnitEntity(e) ? 'units' : 'tickets');
  return [...tables];
};

/** A pulled ticket row: straight into place, or under the mutations still queued on it. */
export function applyServerTicket(db: Database, row: Parameters<typeof writeTicket>[1]): void {
  const queued = db.prepare('SELECT 1 FROM outbox WHERE entity_id = ? LIMIT 1').get(row.id);
  if (queued) {
    writeShadow(db, row);
    recomputeTicket(db, row.id);
  } else {
    writeTicket(db, row, false);
  }
}

export function applyServerMessage(db: Database, row: MessageRow): void {
  db.prepare(
    `INSERT INTO messages (id, ticket_id, kind, author_id, body, quoted_message_id, attachments, created_at, version, pending)
     VALUES (@id, @ticketId, @kind, @authorId, @body, @quotedMessageId, @attachments, @createdAt, @version, 0)
     ON CONFLICT(id) DO UPDATE SET ticket_id = excluded.ticket_id, kind = excluded.kind, author_id = excluded.author_id,
       body = excluded.body, quoted_message_id = excluded.quoted_message_id, attachments = excluded.attachments,
       created_at = excluded.created_at, version = excluded.version, pending = 0`,
  ).run({ ...row, attachments: JSON.stringify(row.attachments) });
}

// ── queueing a user's intent ──────────────────────────────────────────────────────────────────

/**
 * Writes the intent to the outbox and its optimistic effect, in the caller's one transaction:
 * either both exist after a crash or neither does.
 */
export function queueMutation(
  db: Database,
  args: { mutation: QueuedMutation },
): { tables: string[] } {
  const m = args.mutation;
  const entity = entityOf(m.name, m.args);
  const tables = ['outbox'];
  let ticket: LocalTicket | null = null;
  if (entity && isUnitEntity(entity)) keepUnitShadow(db, unitIdOf(entity));
  else if (entity) {
    const alreadyQueued = db
      .prepare('SELECT 1 FROM outbox WHERE entity_id = ? LIMIT 1')
      .get(entity);
    ticket = readTicket(db, 'tickets', entity);
    // the first local change to a server ticket keeps a copy of the server's version to rebase on
    if (
      !alreadyQueued &&
      ticket &&
      ticket.number !== null &&
      !db.prepare('SELECT 1 FROM tickets_server WHERE id = ?').get(entity)
    ) {
      writeShadow(db, ticket);
    }
  }
  db.prepare(
    `INSERT INTO outbox (id, target, name, args, base_version, entity_id, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(m.id, m.target, m.name, JSON.stringify(m.args), m.baseVersion, entity, m.createdAt);
  if (entity && isUnitEntity(entity)) recomputeEntity(db, entity);
  else if (entity) {
    // The local row is already the server's row with every earlier queued mutation applied in
    // order (each queue, pull and push result leaves it so), and the new one goes last: applying
    // it alone gives what a full rebase would, at a cost that does not grow with the queue.
    const user = sessionUser(db);
    const next = user ? applyToTicket(ticket, m, user) : ticket;
    if (next) writeTicket(db, next, true);
  }
  if (entity) tables.push(...tablesOf([entity]));
  // callbacks are read with their queued mutations laid over them (queries/callbacks.ts)
  if (m.name.startsWith('callback.')) tables.push('callbacks');
  if (m.name === 'ticket.reply' || m.name === 'ticket.note') {
    const a = m.args as {
      ticketId: string;
      messageId: string;
      body: string;
      quotedMessageId?: string | null;
      attachments?: unknown[];
    };
    const user = sessionUser(db);
    db.prepare(
      `INSERT INTO messages (id, ticket_id, kind, author_id, body, quoted_message_id, attachments, created_at, version, pending)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, '0', 1) ON CONFLICT(id) DO NOTHING`,
    ).run(
      a.messageId,
      a.ticketId,
      m.name === 'ticket.note' ? 'internal' : 'public',
      user?.id ?? null,
      a.body,
      a.quotedMessageId ?? null,
      JSON.stringify(a.attachments ?? []),
      m.createdAt,
    );
    tables.push('messages');
  }
  return { tables };
}

// ── push ──────────────────────────────────────────────────────────────────────────────────────

export function takeOutbox(
  db: Database,
  args: { target: string; limit: number },
): QueuedMutation[] {
  return (
    db
      .prepare("SELECT * FROM outbox WHERE target = ? AND state = 'pending' ORDER BY seq LIMIT ?")
      .all(args.target, args.limit) as OutboxRecord[]
  ).map(toMutation);
}

export function outboxCounts(db: Database): { pending: number; needsAttention: number } {
  const pending = (
    db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE state = 'pending'").get() as { n: number }
  ).n;
  const needsAttention = (
    db.prepare('SELECT COUNT(*) AS n FROM needs_attention').get() as { n: number }
  ).n;
  return { pending, needsAttention };
}

/**
 * Records the server's answer to a push. Applied mutations stay (as acked) until a pull that
 * started after the ack has brought their effects; refused ones move to needs-attention with
 * their content, and their optimistic effect is undone by rebasing without them.
 */
export function recordPushResults(
  db: Database,
  args: { results: PushResult[]; pullCounter: number; at: string },
): { tables: string[] } {
  const touched = new Set<string>();
  let moved = false;
  let callbacks = false;
  for (const result of args.results) {
    const record = db.prepare('SELECT * FROM outbox WHERE id = ?').get(result.id) as
      OutboxRecord | undefined;
    if (!record) continue;
    if (record.name.startsWith('callback.')) callbacks = true;
    if (result.status === 'applied') {
      db.prepare(
        "UPDATE outbox SET state = 'acked', acked_in_pull = ?, last_error = NULL WHERE id = ?",
      ).run(args.pullCounter, result.id);
      continue;
    }
    if (result.code === 'retry_later') {
      db.prepare('UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?').run(
        result.message,
        result.id,
      );
      continue;
    }
    db.prepare(
      `INSERT INTO needs_attention (id, target, name, args, entity_id, code, message, server_row, created_at, failed_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING`,
    ).run(
      record.id,
      record.target,
      record.name,
      record.args,
      record.entity_id,
      result.code,
      result.message,
      result.status === 'conflict' && result.serverRow !== undefined
        ? JSON.stringify(result.serverRow)
        : null,
      record.created_at,
      args.at,
    );
    db.prepare('DELETE FROM outbox WHERE id = ?').run(record.id);
    moved = true;
    if (record.name === 'ticket.reply' || record.name === 'ticket.note') {
      const messageId = (JSON.parse(record.args) as { messageId?: string }).messageId;
      if (messageId) db.prepare('DELETE FROM messages WHERE id = ? AND pending = 1').run(messageId);
    }
    if (record.entity_id) touched.add(record.entity_id);
  }
  for (const id of touched) recomputeEntity(db, id);
  return {
    tables: [
      'outbox',
      ...(moved ? ['needs_attention', 'messages'] : []),
      ...tablesOf(touched),
      ...(callbacks ? ['callbacks'] : []),
    ],
  };
}

// ── pull bookkeeping ──────────────────────────────────────────────────────────────────────────

export function beginPull(db: Database): { tables: string[]; counter: number } {
  const next = Number(getMeta(db, { key: 'pull_counter' }) ?? '0') + 1;
  setMeta(db, { key: 'pull_counter', value: String(next) });
  return { tables: [], counter: next };
}

export function currentPullCounter(db: Database): number {
  return Number(getMeta(db, { key: 'pull_counter' }) ?? '0');
}

/** After a whole pull: acknowledged mutations whose effects it carried are done. */
export function finishPull(db: Database, args: { counter: number }): { tables: string[] } {
  const done = db
    .prepare("SELECT id, name, entity_id FROM outbox WHERE state = 'acked' AND acked_in_pull < ?")
    .all(args.counter) as { id: string; name: string; entity_id: string | null }[];
  if (done.length === 0) return { tables: [] };
  const drop = db.prepare('DELETE FROM outbox WHERE id = ?');
  for (const d of done) drop.run(d.id);
  const entities = new Set(done.map((d) => d.entity_id).filter((e): e is string => e !== null));
  for (const id of entities) recomputeEntity(db, id);
  // a tentative booking is confirmed once its mutation leaves the outbox
  const callbacks = done.some((d) => d.name.startsWith('callback.')) ? ['callbacks'] : [];
  return { tables: ['outbox', ...tablesOf(entities), ...callbacks] };
}

/**
 * The server no longer has our cursor's history (410): forget everything pulled, keep every
 * queued mutation and its local effect, and start the pull again from the beginning.
 */
export function resetPulledData(db: Database, args: { target: string }): { tables: string[] } {
  db.prepare('DELETE FROM tickets WHERE pending = 0').run();
  db.prepare('DELETE FROM tickets_server').run();
  db.prepare('DELETE FROM messages WHERE pending = 0').run();
  db.prepare('DELETE FROM sites').run();
  db.prepare('DELETE FROM users').run();
  db.prepare('DELETE FROM kb_articles').run();
  db.prepare('DELETE FROM kb_sections').run();
  db.prepare('DELETE FROM units WHERE pending = 0').run();
  db.prepare('DELETE FROM units_server').run();
  db.prepare('DELETE FROM organisations').run();
  db.prepare('DELETE FROM business_calendars').run();
  db.prepare('DELETE FROM callbacks').run();
  db.prepare('UPDATE sync_targets SET cursor = NULL WHERE target = ?').run(args.target);
  return {
    tables: [
      'tickets',
      'messages',
      'sites',
      'users',
      'kb_sections',
      'kb_articles',
      'units',
      'organisations',
      'business_calendars',
      'callbacks',
      'sync_targets',
    ],
  };
}

// ── needs attention ───────────────────────────────────────────────────────────────────────────

export interface AttentionItem {
  id: string;
  name: string;
  args: unknown;
  ticketId: string | null;
  code: string;
  message: string;
  createdAt: string;
  failedAt: string;
}

export function listNeedsAttention(db: Database): AttentionItem[] {
  return (
    db.prepare('SELECT * FROM needs_attention ORDER BY failed_at, id').all() as {
      id: string;
      name: string;
      args: string;
      entity_id: string | null;
      code: string;
      message: string;
      created_at: string;
      failed_at: string;
    }[]
  ).map((r) => ({
    id: r.id,
    name: r.name,
    args: JSON.parse(r.args) as unknown,
    // a unit's refused change names its unit in its args (unitId)
    ticketId: r.entity_id !== null && isUnitEntity(r.entity_id) ? null : r.entity_id,
    code: r.code,
    message: r.message,
    createdAt: r.created_at,
    failedAt: r.failed_at,
  }));
}

export function getNeedsAttention(db: Database, args: { id: string }): AttentionItem | null {
  return listNeedsAttention(db).find((i) => i.id === args.id) ?? null;
}

/** Removes an item; when `replacement` is given it is queued in the same transaction. */
export function settleNeedsAttention(
  db: Database,
  args: { id: string; replacement: QueuedMutation | null },
): { tables: string[] } {
  db.prepare('DELETE FROM needs_attention WHERE id = ?').run(args.id);
  const tables = ['needs_attention'];
  if (args.replacement) tables.push(...queueMutation(db, { mutation: args.replacement }).tables);
  return { tables };
}

export interface PendingItem {
  id: string;
  name: string;
  args: unknown;
  ticketId: string | null;
  createdAt: string;
  attempts: number;
  lastError: string | null;
}

export function listPending(db: Database): PendingItem[] {
  return (
    db.prepare("SELECT * FROM outbox WHERE state = 'pending' ORDER BY seq").all() as OutboxRecord[]
  ).map((r) => ({
    id: r.id,
    name: r.name,
    // PTI operations keep their gateway request (with access codes) elsewhere: args are safe to show
    args: JSON.parse(r.args) as unknown,
    ticketId: r.entity_id !== null && isUnitEntity(r.entity_id) ? null : r.entity_id,
    createdAt: r.created_at,
    attempts: r.attempts,
    lastError: r.last_error,
  }));
}
