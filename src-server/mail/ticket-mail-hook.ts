import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { readServerSettings } from '../settings.js';
import type { TicketActivity, TicketActivityHook } from '../tickets/activity.js';
import {
  notifyStatusChanged,
  notifySurveyRequest,
  notifyTechnicianReply,
  notifyTicketCreated,
  notifyTicketResolved,
  ticketCustomerRecipients,
} from './ticket-notifications.js';
import type { MailContext } from './ticket-notifications.js';

const day = 24 * 60 * 60 * 1000;

/**
 * The customer emails of PTI's portal, queued in the transaction of the ticket change: ticket
 * created, a technician's public reply, status changes made by support, resolved, and the
 * survey request on close. What customers do themselves (their replies, reopening) and internal
 * notes send nothing to customers.
 */
export function ticketEmailHook(mail: MailContext): TicketActivityHook {
  return async (trx, activity) => {
    const ticket = { number: activity.ticket.number, subject: activity.ticket.subject };
    const recipients = () => customersOf(trx, activity);
    switch (activity.type) {
      case 'ticket_created':
        await notifyTicketCreated(trx, mail, { ticket, recipients: await recipients() });
        break;
      case 'message_added': {
        if (activity.message.kind !== 'public') break;
        const author = await staffMember(trx, activity.actorId);
        if (!author) break;
        await notifyTechnicianReply(trx, mail, {
          ticket,
          recipients: await recipients(),
          technicianName: author.name,
          body: activity.message.body,
        });
        break;
      }
      case 'status_changed': {
        // ANSWERED comes with the reply's own email; CLOSED with the survey request.
        if (activity.to === 'ANSWERED' || activity.to === 'CLOSED') break;
        if (activity.actorId !== null && !(await staffMember(trx, activity.actorId))) break;
        if (activity.to === 'RESOLVED') {
          const { reopenWindowMs } = await readServerSettings(trx);
          await notifyTicketResolved(trx, mail, {
            ticket,
            recipients: await recipients(),
            reopenDays: Math.max(1, Math.round(reopenWindowMs / day)),
          });
        } else {
          await notifyStatusChanged(trx, mail, {
            ticket,
            recipients: await recipients(),
            from: activity.from,
            to: activity.to,
          });
        }
        break;
      }
      case 'ticket_closed':
        if (activity.surveyRequested) {
          await notifySurveyRequest(trx, mail, { ticket, recipients: await recipients() });
        }
        break;
    }
  };
}

async function customersOf(trx: Transaction<Database>, activity: TicketActivity) {
  const row = await trx
    .selectFrom('tickets')
    .select('requester_id')
    .where('id', '=', activity.ticket.id)
    .executeTakeFirst();
  return ticketCustomerRecipients(trx, {
    organisationId: activity.ticket.organisationId,
    requesterId: row?.requester_id ?? null,
  });
}

/** The acting technician or admin, or undefined when the actor is a customer. */
async function staffMember(trx: Transaction<Database>, userId: string | null) {
  if (userId === null) return undefined;
  return trx
    .selectFrom('users')
    .select(['name'])
    .where('id', '=', userId)
    .where('role', 'in', ['technician', 'admin'])
    .executeTakeFirst();
}
