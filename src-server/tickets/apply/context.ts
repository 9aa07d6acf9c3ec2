import type { Selectable } from 'kysely';
import type { PushRefusalCode } from '../../../src-shared/mutations.js';
import type { Actor } from '../../../src-shared/status-machine.js';
import type { TicketsTable } from '../../db/schema.js';
import type { ServerSettings } from '../../settings.js';
import type { ChangeWriter } from '../../sync/writer.js';
import { seesAllOrganisations } from '../../viewer.js';
import type { Viewer } from '../../viewer.js';
import type { TicketHooks } from '../activity.js';

/** Everything a mutation handler may use: one transaction, one viewer, the rules in force. */
export interface ApplyContext {
  writer: ChangeWriter;
  viewer: Viewer;
  settings: ServerSettings;
  hooks: TicketHooks;
  /** The version the client saw when it acted (null for creations and blind intents). */
  baseVersion: number | null;
}

/** What one mutation came to; stored and replayed unchanged for a retried push. */
export type ApplyResult =
  | { status: 'applied'; version: string }
  | { status: 'rejected'; code: PushRefusalCode; message: string }
  | { status: 'conflict'; code: PushRefusalCode; message: string; serverRow?: unknown };

export const applied = (version: number | string): ApplyResult => ({
  status: 'applied',
  version: String(version),
});
export const rejected = (code: PushRefusalCode, message: string): ApplyResult => ({
  status: 'rejected',
  code,
  message,
});

export type TicketRecord = Selectable<TicketsTable>;

/** Support staff act as staff; site managers and installers are the customer. */
export function actorOf(viewer: Viewer): Actor {
  return seesAllOrganisations(viewer) ? 'staff' : 'customer';
}

export function mayAccessOrganisation(viewer: Viewer, organisationId: string): boolean {
  return seesAllOrganisations(viewer) || viewer.organisationId === organisationId;
}

/**
 * The ticket if this viewer may act on it. Another organisation's ticket answers exactly like
 * one that does not exist, so ids cannot be probed.
 */
export async function visibleTicket(
  ctx: ApplyContext,
  ticketId: string,
): Promise<TicketRecord | undefined> {
  const ticket = await ctx.writer.trx
    .selectFrom('tickets')
    .selectAll()
    .where('id', '=', ticketId)
    .executeTakeFirst();
  return ticket && mayAccessOrganisation(ctx.viewer, ticket.organisation_id) ? ticket : undefined;
}

export const ticketNotFound = (): ApplyResult =>
  rejected(
    'not_found',
    'There is no ticket with this id that you can see. It may have been removed.',
  );
