import { z } from 'zod';

/**
 * Drafts: what a person is typing, kept in this window's local storage as they type so a crash
 * or restart loses nothing. Keyed by profile and ticket, since two servers can have the same
 * ticket id. Drafts are UI state: they never reach the core until sent.
 */

export type DraftStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** This window's local storage, or null where the browser refuses it (drafts are then off). */
export function browserStorage(): DraftStorage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

const PREFIX = 'gatedesk.draft.v1';

export const MessageDraft = z.object({
  mode: z.enum(['reply', 'note']),
  body: z.string(),
  quotedMessageId: z.string().nullable(),
  savedAt: z.string(),
});
export type MessageDraft = z.infer<typeof MessageDraft>;

export const NewTicketDraft = z.object({
  values: z.record(z.string(), z.string()),
  followUpOfId: z.string().nullable(),
  savedAt: z.string(),
});
export type NewTicketDraft = z.infer<typeof NewTicketDraft>;

export const messageDraftKey = (profileId: string, ticketId: string) =>
  `${PREFIX}.${profileId}.ticket.${ticketId}`;
export const newTicketDraftKey = (profileId: string) => `${PREFIX}.${profileId}.new-ticket`;

function read<S extends z.ZodType>(
  storage: DraftStorage,
  key: string,
  schema: S,
): z.output<S> | null {
  let raw: string | null;
  try {
    raw = storage.getItem(key);
  } catch {
    return null; // storage disabled: drafts are a convenience, never a reason to fail
  }
  if (raw === null) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function write(storage: DraftStorage, key: string, value: unknown | null): void {
  try {
    if (value === null) storage.removeItem(key);
    else storage.setItem(key, JSON.stringify(value));
  } catch {
    // Full or disabled storage: the text is still in the field on screen.
  }
}

export function loadMessageDraft(
  storage: DraftStorage,
  profileId: string,
  ticketId: string,
): MessageDraft | null {
  return read(storage, messageDraftKey(profileId, ticketId), MessageDraft);
}

/** An empty draft (no text, nothing quoted) is removed rather than stored. */
export function saveMessageDraft(
  storage: DraftStorage,
  profileId: string,
  ticketId: string,
  draft: Omit<MessageDraft, 'savedAt'>,
  now: Date = new Date(),
): void {
  const empty = draft.body.trim() === '' && draft.quotedMessageId === null;
  write(
    storage,
    messageDraftKey(profileId, ticketId),
    empty ? null : { ...draft, savedAt: now.toISOString() },
  );
}

export function clearMessageDraft(storage: DraftStorage, profileId: string, ticketId: string) {
  write(storage, messageDraftKey(profileId, ticketId), null);
}

export function loadNewTicketDraft(
  storage: DraftStorage,
  profileId: string,
): NewTicketDraft | null {
  return read(storage, newTicketDraftKey(profileId), NewTicketDraft);
}

/** Only what the person typed counts: choices left at their defaults do not make a draft. */
export function saveNewTicketDraft(
  storage: DraftStorage,
  profileId: string,
  draft: Omit<NewTicketDraft, 'savedAt'>,
  typedFields: readonly string[],
  now: Date = new Date(),
): void {
  const typed = typedFields.some((field) => (draft.values[field] ?? '').trim() !== '');
  write(
    storage,
    newTicketDraftKey(profileId),
    typed ? { ...draft, savedAt: now.toISOString() } : null,
  );
}

export function clearNewTicketDraft(storage: DraftStorage, profileId: string) {
  write(storage, newTicketDraftKey(profileId), null);
}

/**
 * Surveys answered from this window. The ticket does not say whether its survey was answered
 * yet, so the form would otherwise be offered again after sending.
 */
export const surveyKey = (profileId: string, ticketId: string) =>
  `${PREFIX}.${profileId}.survey-sent.${ticketId}`;

export function surveySent(storage: DraftStorage, profileId: string, ticketId: string): boolean {
  try {
    return storage.getItem(surveyKey(profileId, ticketId)) !== null;
  } catch {
    return false;
  }
}

export function markSurveySent(
  storage: DraftStorage,
  profileId: string,
  ticketId: string,
  now: Date = new Date(),
): void {
  write(storage, surveyKey(profileId, ticketId), now.toISOString());
}
