import type { TicketStatus } from '../../src-shared/domain/ticket.js';
import type { Prng } from './prng.js';

/**
 * Conversations for the demo tickets: the replies, internal notes and status events a ticket in
 * each status would have gathered, from creation to its last update. Messages go through the
 * same states the status machine allows, so every thread reads like one the server produced.
 */
export interface ThreadTicket {
  id: string;
  status: TicketStatus;
  createdAt: Date;
  updatedAt: Date;
  assigneeId: string | null;
  requesterId: string;
}

export interface DraftMessage {
  id: string;
  ticketId: string;
  kind: 'public' | 'internal' | 'system';
  authorId: string | null;
  body: string;
  systemEvent: 'status' | 'survey' | null;
  createdAt: Date;
}

export interface DraftThread {
  messages: DraftMessage[];
  resolvedAt: Date | null;
  surveyRequestedAt: Date | null;
  survey: { rating: SurveyRating; comment: string; answeredBy: string; answeredAt: Date } | null;
}

export type SurveyRating = 'very_satisfied' | 'somewhat_satisfied' | 'unsatisfied';

const day = 24 * 60 * 60 * 1000;

const staffReplies = [
  'Thanks for the details. Please check that the keypad has power at the connector (12 V DC) and send us a photo of the LEDs on the controller board.',
  'We can see the controller last checked in this morning. Could you restart the StorLogix service on the office PC and let us know if the banner clears?',
  'This looks like a duplicate access code after the import. We have cleaned up the duplicates on our side; please run a sync from the office and test the code again.',
  'The access level for that tenant did not include the gate schedule. We corrected it; the keypad should answer ACCESS GRANTED within a few minutes.',
  'We need the serial number from the label on the back of the unit to open an RMA. Once we have it we will send the RMA number and shipping address.',
  'The firmware on this controller is two versions behind. We have scheduled the update for tonight after hours; no action is needed on your side.',
  'Please check the exit loop detector: if its LED stays lit with no vehicle present, reset it from the front panel.',
  'Your licence has been renewed and the new key is active. Restart StorLogix once so it picks up the new key.',
];
const resolvingReplies = [
  'Glad that sorted it. I am marking this resolved; reply within 7 days if anything comes back.',
  'The replacement part has shipped and the site is working again, so I am resolving this ticket. Reply here if the problem returns.',
  'Everything checks out from our side now. Resolving; you can reopen this ticket within 7 days.',
];
const customerReplies = [
  'Thanks, we tried that and the keypad is still showing OFFLINE.',
  'Photo of the controller attached. The second LED is blinking amber.',
  'Restarted the service, the banner is gone for now. We will keep an eye on it.',
  'The tenant confirmed the code works again. Thank you!',
  'Serial number is on its way; our manager is at the site this afternoon.',
  'It happened again this morning around 7:30, same gate.',
];
const customerNudges = [
  'Any update on this? Tenants are asking at the office.',
  'Adding that it also happens at the RV gate, not only the main entrance.',
];
const internalNotes = [
  'Checked the gateway logs: three disconnects overnight, all around 02:00. Possibly the ISP router rebooting.',
  'Customer is on free support; no callback possible. Keep to email.',
  'Same symptom as last month at this site. If it recurs, send an installer.',
  'Escalated to engineering with the controller logs attached.',
  'Site is still on the old firmware; update before anything else.',
];
const surveyComments = [
  'Quick and clear answers, thank you.',
  'Took a while to get a reply but the fix worked.',
  '',
  'Had to ask twice before anyone looked at it.',
];

export function draftThread(
  rng: Prng,
  ticket: ThreadTicket,
  technicians: readonly string[],
  now: Date,
): DraftThread {
  const staff = ticket.assigneeId ?? rng.pick(technicians);
  const steps: Omit<DraftMessage, 'id' | 'ticketId' | 'createdAt'>[] = [];
  const statusEvent = (from: TicketStatus, to: TicketStatus, authorId: string | null) =>
    steps.push({
      kind: 'system',
      authorId,
      body:
        to === 'CLOSED'
          ? `Status changed from ${from} to ${to}${authorId === null ? ': the reopen window passed' : ''}. Please rate how we did.`
          : `Status changed from ${from} to ${to}.`,
      systemEvent: 'status',
    });
  const reply = (authorId: string, body: string) =>
    steps.push({ kind: 'public', authorId, body, systemEvent: null });
  const note = () =>
    steps.push({
      kind: 'internal',
      authorId: staff,
      body: rng.pick(internalNotes),
      systemEvent: null,
    });

  if (ticket.status === 'NEW') {
    if (rng.chance(0.25)) reply(ticket.requesterId, rng.pick(customerNudges));
  } else {
    statusEvent('NEW', 'OPEN', staff);
    if (rng.chance(0.4)) note();
    let status: TicketStatus = 'OPEN';
    const answer = () => {
      reply(staff, rng.pick(staffReplies));
      if (status !== 'ANSWERED') statusEvent(status, 'ANSWERED', staff);
      status = 'ANSWERED';
    };
    const customerAnswers = () => {
      reply(ticket.requesterId, rng.pick(customerReplies));
      if (status === 'ANSWERED') statusEvent(status, 'OPEN', ticket.requesterId);
      status = 'OPEN';
    };
    if (ticket.status === 'OPEN') {
      if (rng.chance(0.5)) {
        answer();
        customerAnswers();
      }
    } else if (ticket.status === 'ANSWERED') {
      if (rng.chance(0.3)) {
        answer();
        customerAnswers();
      }
      answer();
    } else if (ticket.status === 'SCHEDULED') {
      answer();
      steps.push({
        kind: 'system',
        authorId: staff,
        body: 'Callback booked with the site manager.',
        systemEvent: null,
      });
      statusEvent(status, 'SCHEDULED', staff);
    } else {
      answer();
      if (rng.chance(0.6)) customerAnswers();
      if (rng.chance(0.3)) note();
      reply(staff, rng.pick(resolvingReplies));
      statusEvent(status, 'RESOLVED', staff);
    }
  }

  const closing = ticket.status === 'CLOSED';
  // A closed ticket closed itself when the window passed, unless it was closed early by staff.
  const autoClosed = closing && ticket.updatedAt.getTime() - 7 * day > ticket.createdAt.getTime();
  const resolvedAt =
    ticket.status === 'RESOLVED'
      ? ticket.updatedAt
      : closing
        ? new Date(
            autoClosed
              ? ticket.updatedAt.getTime() - 7 * day
              : (ticket.createdAt.getTime() + ticket.updatedAt.getTime()) / 2,
          )
        : null;
  if (closing) statusEvent('RESOLVED', 'CLOSED', autoClosed ? null : staff);

  // Spread the thread between creation and the last update (or the resolution, then the close).
  const lastAt = (resolvedAt ?? ticket.updatedAt).getTime();
  const span = Math.max(lastAt - ticket.createdAt.getTime(), 60_000);
  const count = closing ? steps.length - 1 : steps.length;
  const messages: DraftMessage[] = steps.map((step, index) => ({
    ...step,
    id: rng.uuid(),
    ticketId: ticket.id,
    createdAt:
      closing && index === steps.length - 1
        ? ticket.updatedAt
        : new Date(ticket.createdAt.getTime() + (span * (index + 1)) / (count + 1)),
  }));
  // The last event of a resolved ticket is its resolution.
  if (ticket.status === 'RESOLVED' && messages.length > 0) {
    messages.at(-1)!.createdAt = ticket.updatedAt;
  }

  let survey: DraftThread['survey'] = null;
  // Customers who answered the survey did so within hours of the close.
  if (
    closing &&
    now.getTime() - ticket.updatedAt.getTime() > 10 * 60 * 60_000 &&
    rng.chance(0.55)
  ) {
    const rating = rng.weighted<SurveyRating>([
      ['very_satisfied', 6],
      ['somewhat_satisfied', 3],
      ['unsatisfied', 1],
    ]);
    const answeredAt = new Date(ticket.updatedAt.getTime() + rng.int(5, 600) * 60_000);
    survey = {
      rating,
      comment: rng.pick(surveyComments),
      answeredBy: ticket.requesterId,
      answeredAt,
    };
  }
  return { messages, resolvedAt, surveyRequestedAt: closing ? ticket.updatedAt : null, survey };
}
