import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import {
  Category,
  Priority,
  ProductLine,
  ticketNumberPrefix,
} from '../../src-shared/domain/ticket.js';
import { describeZodError } from '../../src-shared/result.js';
import type { TicketRow } from '../../src-shared/sync-protocol.js';
import type { Database } from '../db/schema.js';
import { failure, success } from '../outcome.js';
import type { Outcome } from '../outcome.js';
import { lockWriters, recordChanges, reserveSeqs } from '../sync/clock.js';
import { toTicketRow } from '../sync/rows.js';
import { reserveTicketNumbers } from './numbers.js';

const optionalText = (max: number) => z.string().trim().min(1).max(max).nullable().default(null);

export const NewTicket = z
  .object({
    organisationId: z.string().min(1),
    subject: z.string().trim().min(1, 'give the ticket a subject').max(200),
    description: z.string().trim().min(1, 'describe the problem').max(20_000),
    priority: Priority.default('normal'),
    category: Category,
    productLine: ProductLine,
    helpTopic: optionalText(100),
    siteId: z.string().min(1).nullable().default(null),
    unitId: z.string().min(1).nullable().default(null),
    internalReference: optionalText(100),
  })
  .strict();
export type NewTicket = z.input<typeof NewTicket>;

/**
 * Opens a NEW ticket and numbers it, in one transaction with its sync change, so every client
 * that pulls afterwards sees it exactly once.
 */
export async function createTicket(
  db: Kysely<Database>,
  input: NewTicket,
  now: Date = new Date(),
): Promise<Outcome<TicketRow>> {
  const parsed = NewTicket.safeParse(input);
  if (!parsed.success) return { ok: false, error: describeZodError(parsed.error) };
  const ticket = parsed.data;

  return db.transaction().execute(async (trx): Promise<Outcome<TicketRow>> => {
    // Clock first, like every writer, so writers never wait on each other in opposite orders.
    await lockWriters(trx);
    const organisation = await trx
      .selectFrom('organisations')
      .select('id')
      .where('id', '=', ticket.organisationId)
      .executeTakeFirst();
    if (!organisation)
      return failure('not_found', 'organisationId: there is no organisation with this id.');
    if (ticket.siteId !== null) {
      const site = await trx
        .selectFrom('sites')
        .select('organisation_id')
        .where('id', '=', ticket.siteId)
        .executeTakeFirst();
      if (site?.organisation_id !== ticket.organisationId) {
        return failure('invalid_input', "siteId: pick one of the organisation's own sites.");
      }
    }

    const [number] = await reserveTicketNumbers(trx, ticketNumberPrefix(ticket.productLine), 1);
    const seq = await reserveSeqs(trx, 1);
    const row = await trx
      .insertInto('tickets')
      .values({
        id: randomUUID(),
        number: number!,
        subject: ticket.subject,
        description: ticket.description,
        status: 'NEW',
        status_history: JSON.stringify([{ status: 'NEW', at: now.toISOString() }]),
        priority: ticket.priority,
        category: ticket.category,
        product_line: ticket.productLine,
        help_topic: ticket.helpTopic,
        organisation_id: ticket.organisationId,
        site_id: ticket.siteId,
        unit_id: ticket.unitId,
        internal_reference: ticket.internalReference,
        assignee_id: null,
        created_at: now,
        updated_at: now,
        version: seq,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordChanges(
      trx,
      [{ table: 'tickets', rowId: row.id, seq, op: 'upsert', organisationId: row.organisation_id }],
      now,
    );
    return success(toTicketRow(row));
  });
}
