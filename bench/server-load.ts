import pg from 'pg';
import type {
  Dataset,
  MessageRecord,
  OrganisationRecord,
  TicketRecord,
  UnitRecord,
} from './dataset.js';

/**
 * Writes the dataset into a migrated support-server database, as if years of tickets had been
 * written through the server: every row with its version, and one sync_changes entry per row at
 * that version, so a pull serves them exactly as it serves real data.
 *
 * Bulk loading skips the foreign-key triggers (session_replication_role = replica, when the
 * account may) and waits for no commit flush: the rows are consistent by construction, and the
 * load is set-up, not a measured figure.
 */

type Column = readonly [name: string, type: string];

async function insertColumns(
  client: pg.Client,
  table: string,
  columns: readonly Column[],
  values: unknown[][],
): Promise<void> {
  if (values[0]?.length === 0) return;
  const names = columns.map(([name]) => name).join(', ');
  const arrays = columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');
  await client.query(`INSERT INTO ${table} (${names}) SELECT * FROM unnest(${arrays})`, values);
}

/** Rows as column arrays, in chunks that keep one statement's parameters to a few MB. */
async function insertRows<T>(
  client: pg.Client,
  table: string,
  columns: readonly (readonly [name: string, type: string, value: (row: T) => unknown])[],
  rows: readonly T[],
  chunk = 10_000,
): Promise<void> {
  for (let start = 0; start < rows.length; start += chunk) {
    const slice = rows.slice(start, start + chunk);
    await insertColumns(
      client,
      table,
      columns.map(([name, type]) => [name, type] as const),
      columns.map(([, , value]) => slice.map(value)),
    );
  }
}

interface ChangeEntry {
  table: string;
  rowId: string;
  seq: string;
  organisationId: string | null;
  staffOnly: boolean;
  at: string;
}

const changeColumns = [
  ['table_name', 'text', (c: ChangeEntry) => c.table],
  ['row_id', 'text', (c: ChangeEntry) => c.rowId],
  ['seq', 'bigint', (c: ChangeEntry) => c.seq],
  ['op', 'text', () => 'upsert'],
  ['organisation_id', 'text', (c: ChangeEntry) => c.organisationId],
  ['staff_only', 'boolean', (c: ChangeEntry) => c.staffOnly],
  ['changed_at', 'timestamptz', (c: ChangeEntry) => c.at],
] as const;

const ticketColumns = [
  ['id', 'text', (t: TicketRecord) => t.id],
  ['number', 'text', (t: TicketRecord) => t.number],
  ['subject', 'text', (t: TicketRecord) => t.subject],
  ['description', 'text', (t: TicketRecord) => t.description],
  ['status', 'text', (t: TicketRecord) => t.status],
  ['priority', 'text', (t: TicketRecord) => t.priority],
  ['category', 'text', (t: TicketRecord) => t.category],
  ['product_line', 'text', (t: TicketRecord) => t.productLine],
  ['help_topic', 'text', (t: TicketRecord) => t.helpTopic],
  ['organisation_id', 'text', (t: TicketRecord) => t.organisationId],
  ['site_id', 'text', (t: TicketRecord) => t.siteId],
  ['unit_id', 'text', (t: TicketRecord) => t.unitId],
  ['internal_reference', 'text', (t: TicketRecord) => t.internalReference],
  ['assignee_id', 'text', (t: TicketRecord) => t.assigneeId],
  ['created_at', 'timestamptz', (t: TicketRecord) => t.createdAt],
  ['updated_at', 'timestamptz', (t: TicketRecord) => t.updatedAt],
  ['version', 'bigint', (t: TicketRecord) => t.version],
  ['resolved_at', 'timestamptz', (t: TicketRecord) => t.resolvedAt],
  ['follow_up_of_id', 'text', (t: TicketRecord) => t.followUpOfId],
  ['survey_requested_at', 'timestamptz', (t: TicketRecord) => t.surveyRequestedAt],
  ['requester_id', 'text', (t: TicketRecord) => t.requesterId],
] as const;

const messageColumns = [
  ['id', 'text', (m: MessageRecord) => m.id],
  ['ticket_id', 'text', (m: MessageRecord) => m.ticketId],
  ['kind', 'text', (m: MessageRecord) => m.kind],
  ['author_id', 'text', (m: MessageRecord) => m.authorId],
  ['body', 'text', (m: MessageRecord) => m.body],
  ['quoted_message_id', 'text', (m: MessageRecord) => m.quotedMessageId],
  ['attachments', 'jsonb', (m: MessageRecord) => JSON.stringify(m.attachments)],
  ['system_event', 'text', (m: MessageRecord) => m.systemEvent],
  ['created_at', 'timestamptz', (m: MessageRecord) => m.createdAt],
  ['version', 'bigint', (m: MessageRecord) => m.version],
] as const;

export interface LoadProgress {
  tickets: number;
  messages: number;
}

export interface LoadResult {
  /** Synced tables that got rows (organisations and units only where this server syncs them). */
  tables: string[];
  /** Change-log entries written: what a technician's bootstrap pulls. */
  syncedRows: number;
}

const unitColumns = [
  ['id', 'text', (u: UnitRecord) => u.id],
  ['site_id', 'text', (u: UnitRecord) => u.siteId],
  ['organisation_id', 'text', (u: UnitRecord) => u.organisationId],
  ['label', 'text', (u: UnitRecord) => u.label],
  ['pti_unit_name', 'text', (u: UnitRecord) => u.ptiUnitName],
  ['building', 'text', (u: UnitRecord) => u.building],
  ['access_area', 'integer', (u: UnitRecord) => u.accessArea],
  ['door_alarm_channel', 'integer', (u: UnitRecord) => u.doorAlarmChannel],
  ['created_at', 'timestamptz', (u: UnitRecord) => u.createdAt],
  ['updated_at', 'timestamptz', (u: UnitRecord) => u.updatedAt],
  ['version', 'bigint', (u: UnitRecord) => u.version],
] as const;

/** The tables sync_changes accepts, read from its check constraint (migrations extend it). */
async function syncedTablesOf(client: pg.Client): Promise<Set<string>> {
  const found = await client.query<{ definition: string }>(
    `select pg_get_constraintdef(c.oid) as definition from pg_constraint c
     join pg_class t on t.oid = c.conrelid
     where t.relname = 'sync_changes' and c.conname = 'sync_changes_table_name_check'`,
  );
  return new Set(
    [...(found.rows[0]?.definition ?? '').matchAll(/'([a-z0-9_]+)'/g)].map((m) => m[1]!),
  );
}

async function columnsOf(client: pg.Client, table: string): Promise<Set<string>> {
  const found = await client.query<{ column_name: string }>(
    `select column_name from information_schema.columns where table_schema = current_schema() and table_name = $1`,
    [table],
  );
  return new Set(found.rows.map((r) => r.column_name));
}

/**
 * Drops the indexes of these tables that back no constraint (primary keys and unique
 * constraints stay, and keep checking), returning the statements that create them again.
 */
async function dropSecondaryIndexes(client: pg.Client, tables: string[]): Promise<string[]> {
  const found = await client.query<{ name: string; definition: string }>(
    `SELECT i.indexname AS name, i.indexdef AS definition FROM pg_indexes i
     WHERE i.schemaname = current_schema() AND i.tablename = ANY($1::text[])
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    [tables],
  );
  for (const index of found.rows)
    await client.query(`DROP INDEX ${client.escapeIdentifier(index.name)}`);
  return found.rows.map((index) => index.definition);
}

export async function loadServerDataset(
  databaseUrl: string,
  dataset: Dataset,
  onProgress: (done: LoadProgress) => void = () => {},
): Promise<LoadResult> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('SET synchronous_commit = off');
    try {
      await client.query('SET session_replication_role = replica');
    } catch {
      // not a superuser: foreign keys are checked row by row, which is slower but the same data
    }
    const at = dataset.organisations[0]?.createdAt ?? dataset.anchor.toISOString();
    const synced = await syncedTablesOf(client);
    const organisationsSync =
      synced.has('organisations') && (await columnsOf(client, 'organisations')).has('version');
    const unitsSync = synced.has('units') && (await columnsOf(client, 'units')).size > 0;
    const histories = (await columnsOf(client, 'tickets')).has('status_history');
    const ticketInsert = histories
      ? [
          ...ticketColumns,
          [
            'status_history',
            'jsonb',
            (t: TicketRecord) => JSON.stringify(t.statusHistory),
          ] as const,
        ]
      : ticketColumns;

    await client.query('BEGIN');
    await insertRows(
      client,
      'organisations',
      [
        ['id', 'text', (o) => o.id],
        ['name', 'text', (o) => o.name],
        ['address', 'text', (o) => o.address],
        ['phone', 'text', (o) => o.phone],
        ['support_tier', 'text', (o) => o.tier],
        ['created_at', 'timestamptz', (o) => o.createdAt],
        ['updated_at', 'timestamptz', (o) => o.createdAt],
        ...(organisationsSync
          ? ([['version', 'bigint', (o: OrganisationRecord) => o.version]] as const)
          : []),
      ],
      dataset.organisations,
    );
    await insertRows(
      client,
      'sites',
      [
        ['id', 'text', (s) => s.id],
        ['organisation_id', 'text', (s) => s.organisationId],
        ['code', 'text', (s) => s.code],
        ['name', 'text', (s) => s.name],
        ['timezone', 'text', (s) => s.timezone],
        ['created_at', 'timestamptz', () => at],
        ['updated_at', 'timestamptz', () => at],
        ['version', 'bigint', (s) => s.version],
      ],
      dataset.sites,
    );
    await insertRows(
      client,
      'users',
      [
        ['id', 'text', (u) => u.id],
        ['name', 'text', (u) => u.name],
        ['email', 'text', (u) => u.email],
        ['role', 'text', (u) => u.role],
        ['organisation_id', 'text', (u) => u.organisationId],
        ['timezone', 'text', (u) => u.timezone],
        ['created_at', 'timestamptz', () => at],
        ['updated_at', 'timestamptz', () => at],
        ['version', 'bigint', (u) => u.version],
      ],
      dataset.users,
    );
    await insertRows(
      client,
      'kb_sections',
      [
        ['id', 'text', (s) => s.id],
        ['slug', 'text', (s) => s.slug],
        ['title', 'text', (s) => s.title],
        ['description', 'text', (s) => s.description],
        ['position', 'integer', (s) => s.position],
        ['created_at', 'timestamptz', () => at],
        ['updated_at', 'timestamptz', () => at],
        ['version', 'bigint', (s) => s.version],
      ],
      dataset.kbSections,
    );
    await insertRows(
      client,
      'kb_articles',
      [
        ['id', 'text', (a) => a.id],
        ['section_id', 'text', (a) => a.sectionId],
        ['slug', 'text', (a) => a.slug],
        ['title', 'text', (a) => a.title],
        ['summary', 'text', (a) => a.summary],
        ['body', 'text', (a) => a.body],
        ['view_count', 'bigint', (a) => a.viewCount],
        ['created_at', 'timestamptz', (a) => a.createdAt],
        ['updated_at', 'timestamptz', (a) => a.updatedAt],
        ['version', 'bigint', (a) => a.version],
      ],
      dataset.kbArticles,
    );
    const shared: ChangeEntry[] = [
      ...dataset.sites.map((s) => change('sites', s.id, s.version, s.organisationId, false, at)),
      ...dataset.users.map((u) => change('users', u.id, u.version, u.organisationId, false, at)),
      ...dataset.kbSections.map((s) => change('kb_sections', s.id, s.version, null, false, at)),
      ...dataset.kbArticles.map((a) =>
        change('kb_articles', a.id, a.version, null, false, a.updatedAt),
      ),
    ];
    await insertRows(client, 'sync_changes', changeColumns, shared);
    await client.query('COMMIT');

    // Secondary indexes are built once after the bulk of the rows instead of row by row.
    const deferred = await dropSecondaryIndexes(client, ['tickets', 'messages', 'sync_changes']);
    // One statement per batch, so PostgreSQL writes a batch while the next one is generated.
    const progress: LoadProgress = { tickets: 0, messages: 0 };
    let writing: Promise<unknown> | null = null;
    for (const batch of dataset.batches(1_000)) {
      const statement = batchStatement(ticketInsert, batch.tickets, batch.messages);
      if (writing) await writing;
      writing = client.query(statement.text, statement.values).then(() => {
        progress.tickets += batch.tickets.length;
        progress.messages += batch.messages.length;
        onProgress(progress);
      });
    }
    if (writing) await writing;
    for (const definition of deferred) await client.query(definition);

    await client.query('BEGIN');
    const later: ChangeEntry[] = [];
    if (organisationsSync)
      for (const o of dataset.organisations)
        later.push(change('organisations', o.id, o.version, o.id, false, o.createdAt));
    if (unitsSync) {
      await insertRows(client, 'units', unitColumns, dataset.units);
      for (const u of dataset.units)
        later.push(change('units', u.id, u.version, u.organisationId, false, u.updatedAt));
    }
    await insertRows(client, 'sync_changes', changeColumns, later);
    await client.query('COMMIT');

    await client.query('UPDATE sync_clock SET seq = $1 WHERE id = 1', [dataset.lastSeq]);
    await client.query(
      `UPDATE ticket_number_counters SET last_value = CASE prefix WHEN 'HW' THEN $1::bigint ELSE $2::bigint END`,
      [dataset.lastNumbers.HW, dataset.lastNumbers.SW],
    );
    await client.query('ANALYZE');
    const entries = await client.query<{ n: string }>('select count(*) as n from sync_changes');
    return {
      tables: [
        'sites',
        'users',
        'kb_sections',
        'kb_articles',
        'tickets',
        'messages',
        ...(organisationsSync ? ['organisations'] : []),
        ...(unitsSync ? ['units'] : []),
      ],
      syncedRows: Number(entries.rows[0]!.n),
    };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

type Columns<T> = readonly (readonly [name: string, type: string, value: (row: T) => unknown])[];

/** Tickets, their messages and their change-log entries in one statement (data-modifying CTEs). */
function batchStatement(
  ticketInsert: Columns<TicketRecord>,
  tickets: readonly TicketRecord[],
  messages: readonly MessageRecord[],
): { text: string; values: unknown[][] } {
  const changes = [
    ...tickets.map((t) => change('tickets', t.id, t.version, t.organisationId, false, t.updatedAt)),
    ...messages.map((m) =>
      change('messages', m.id, m.version, m.organisationId, m.kind === 'internal', m.createdAt),
    ),
  ];
  const values: unknown[][] = [];
  const part = <T>(table: string, columns: Columns<T>, rows: readonly T[]) => {
    const arrays = columns.map(([, type, value]) => {
      values.push(rows.map(value));
      return `$${values.length}::${type}[]`;
    });
    return `INSERT INTO ${table} (${columns.map(([name]) => name).join(', ')}) SELECT * FROM unnest(${arrays.join(', ')})`;
  };
  const text = `WITH t AS (${part('tickets', ticketInsert, tickets)}),
    m AS (${part('messages', messageColumns, messages)})
    ${part('sync_changes', changeColumns, changes)}`;
  return { text, values };
}

function change(
  table: string,
  rowId: string,
  seq: string,
  organisationId: string | null,
  staffOnly: boolean,
  at: string,
): ChangeEntry {
  return { table, rowId, seq, organisationId, staffOnly, at };
}
