import type { Priority, TicketStatus } from '../../../src-shared/domain/ticket';
import { priorityLabels, statusLabels } from './ticket';

/**
 * Queued and refused changes in words, with what the person wrote, for the sync panel. Nothing a
 * user wrote is silently dropped: a refused reply shows its text here until they decide.
 */

export interface ChangeDescription {
  title: string;
  /** What the person wrote, field by field (empty for changes that carry no text). */
  content: { label: string; text: string }[];
}

/** How a ticket is named in these sentences: its number, or its subject while it has none. */
export function ticketLabel(
  ticket: { number: string | null; subject: string } | null | undefined,
): string {
  if (!ticket) return 'a ticket';
  if (ticket.number) return ticket.number;
  return ticket.subject ? `the new ticket “${ticket.subject}”` : 'a new ticket';
}

const surveyLabels: Record<string, string> = {
  very_satisfied: 'Very satisfied',
  somewhat_satisfied: 'Somewhat satisfied',
  unsatisfied: 'Unsatisfied',
};

const callbackOutcomeLabels: Record<string, string> = {
  done: 'done',
  missed: 'missed',
  cancelled: 'cancelled',
};

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

export function describeChange(name: string, args: unknown, ticket: string): ChangeDescription {
  const a = (typeof args === 'object' && args !== null ? args : {}) as Record<string, unknown>;
  const content: ChangeDescription['content'] = [];
  const add = (label: string, value: unknown) => {
    const t = text(value);
    if (t !== null) content.push({ label, text: t });
  };
  switch (name) {
    // not a change but the notice that the local database was found damaged and rebuilt
    case 'local.rebuilt':
      add('Recovery file', a.recoveryFile);
      add('Damaged file, kept for support', a.damagedFile);
      return { title: 'Your local data was rebuilt from the server', content };
    case 'ticket.create': {
      const subject = text(a.subject);
      add('Subject', a.subject);
      add('Description', a.description);
      return { title: subject ? `New ticket “${subject}”` : 'New ticket', content };
    }
    case 'ticket.reply':
      add('Reply', a.body);
      return { title: `Reply to ${ticket}`, content };
    case 'ticket.note':
      add('Internal note', a.body);
      return { title: `Internal note on ${ticket}`, content };
    case 'ticket.setStatus': {
      const status = statusLabels[a.status as TicketStatus] as string | undefined;
      return {
        title: status ? `Set ${ticket} to ${status}` : `Change the status of ${ticket}`,
        content,
      };
    }
    case 'ticket.reopen':
      return { title: `Reopen ${ticket}`, content };
    case 'ticket.setPriority': {
      const priority = priorityLabels[a.priority as Priority] as string | undefined;
      return {
        title: priority
          ? `Set the priority of ${ticket} to ${priority}`
          : `Change the priority of ${ticket}`,
        content,
      };
    }
    case 'ticket.assign':
      return {
        title:
          'assigneeId' in a && a.assigneeId === null ? `Unassign ${ticket}` : `Assign ${ticket}`,
        content,
      };
    case 'ticket.survey': {
      const rating = surveyLabels[String(a.rating)];
      add('Comment', a.comment);
      return { title: `Survey for ${ticket}${rating ? `: ${rating}` : ''}`, content };
    }
    case 'callback.request':
      add('Note', a.note);
      return { title: `Callback requested on ${ticket}`, content };
    case 'callback.book':
      return { title: `Callback booked on ${ticket}`, content };
    case 'callback.complete': {
      const outcome = callbackOutcomeLabels[String(a.outcome)];
      add('Note', a.note);
      return { title: `Callback on ${ticket}${outcome ? `: ${outcome}` : ' finished'}`, content };
    }
    case 'unit.create':
      return { title: `New unit ${text(a.label) ?? ''}`.trim(), content };
    case 'unit.setMapping':
      return {
        title: text(a.ptiUnitName)
          ? `Map a unit to PTI unit ${String(a.ptiUnitName)}`
          : 'Change a unit’s PTI mapping',
        content,
      };
    case 'unit.remove':
      return { title: 'Remove a unit', content };
    default:
      return { title: `A change to ${ticket} (${name})`, content };
  }
}

/** Refusal codes the server sends, in words; the server's own message follows them. */
const refusalTitles: Record<string, string> = {
  ticket_closed: 'The ticket was closed meanwhile',
  reopen_window_passed: 'The reopen window has passed',
  not_allowed_in_status: 'Not possible in the ticket’s current status',
  not_allowed_for_role: 'Your role cannot do this',
  forbidden: 'Not allowed for your account',
  not_found: 'The ticket no longer exists',
  invalid_args: 'The server could not read this change',
  unknown_mutation: 'The server does not know this kind of change',
  version_mismatch: 'Someone else changed it first',
  slot_taken: 'That slot was taken',
  blob_missing: 'An attached file did not reach the server',
  recovered_after_damage: 'Recovered from a damaged local database',
  local_database_rebuilt: 'The local database was damaged',
};

export function refusalTitle(code: string): string {
  return refusalTitles[code] ?? 'The server refused this change';
}
