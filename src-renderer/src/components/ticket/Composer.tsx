import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { TicketDetail, TimelineEntry } from '../../../../src-shared/domain/timeline';
import { transition } from '../../../../src-shared/status-machine';
import { errorMessage } from '../../api/client';
import { useSendMessage } from '../../api/mutations';
import { excerpt } from '../../format/text';
import { statusLabels } from '../../format/ticket';
import type { Viewer } from '../../hooks/use-viewer';
import {
  browserStorage,
  clearMessageDraft,
  loadMessageDraft,
  saveMessageDraft,
} from '../../state/drafts';
import type { TicketAbilities } from '../../state/ticket-actions';
import { useUi, type ComposerMode, type ComposerRequest } from '../../state/ui';
import { AttachButton, AttachmentChosen } from '../attachments/AttachmentPickerParts';
import { fileDropProps } from '../attachments/file-drop';
import { useAttachmentPicker } from '../attachments/use-attachment-picker';

/**
 * Public reply or internal note. What is typed is saved as a draft on every keystroke (per
 * profile and ticket) and comes back after a restart; sending queues it, and it shows in the
 * timeline at once as pending.
 */
export function Composer({
  ticket,
  abilities,
  viewer,
  profileId,
  timeline,
}: {
  ticket: TicketDetail;
  abilities: TicketAbilities;
  viewer: Viewer;
  profileId: string;
  timeline: readonly TimelineEntry[];
}) {
  const idPrefix = useId();
  const textarea = useRef<HTMLTextAreaElement>(null);
  const send = useSendMessage();
  const picker = useAttachmentPicker();
  const modes: ComposerMode[] = [
    ...(abilities.reply.allowed ? (['reply'] as const) : []),
    ...(abilities.note.allowed ? (['note'] as const) : []),
  ];

  const [initial] = useState(() => {
    const store = browserStorage();
    return store ? loadMessageDraft(store, profileId, ticket.id) : null;
  });
  const [mode, setMode] = useState<ComposerMode>(() =>
    initial && modes.includes(initial.mode) ? initial.mode : (modes[0] ?? 'reply'),
  );
  const [body, setBody] = useState(initial?.body ?? '');
  const [quotedId, setQuotedId] = useState<string | null>(initial?.quotedMessageId ?? null);
  const [emptyError, setEmptyError] = useState(false);

  function saveDraft(next: { mode: ComposerMode; body: string; quotedMessageId: string | null }) {
    const store = browserStorage();
    if (store) saveMessageDraft(store, profileId, ticket.id, next);
  }

  // r, n and "Quote" ask for the composer through the UI store; it answers while it is on screen.
  const latest = useRef({ modes, body, quotedId, saveDraft });
  useEffect(() => {
    latest.current = { modes, body, quotedId, saveDraft };
  });
  useEffect(
    () =>
      useUi.subscribe((state, previous) => {
        const request: ComposerRequest | null = state.composerRequest;
        if (!request || request === previous.composerRequest) return;
        const { modes: allowed, body: text, quotedId: quote, saveDraft: save } = latest.current;
        if (!allowed.includes(request.mode)) return;
        setMode(request.mode);
        if (request.quotedMessageId) setQuotedId(request.quotedMessageId);
        save({ mode: request.mode, body: text, quotedMessageId: request.quotedMessageId ?? quote });
        textarea.current?.focus();
      }),
    [],
  );

  const quoted = quotedId ? timeline.find((entry) => entry.id === quotedId) : undefined;
  const effect =
    mode === 'reply' && viewer.actor
      ? transition(
          ticket.status,
          viewer.actor === 'staff' ? 'staff_public_reply' : 'customer_reply',
          { actor: viewer.actor, resolvedAt: ticket.resolvedAt },
        )
      : null;
  const statusHint =
    effect?.ok && effect.to !== ticket.status
      ? `Sending sets the ticket to ${statusLabels[effect.to]}.`
      : null;

  function update(next: Partial<{ mode: ComposerMode; body: string; quotedId: string | null }>) {
    const merged = {
      mode: next.mode ?? mode,
      body: next.body ?? body,
      quotedMessageId: next.quotedId !== undefined ? next.quotedId : quotedId,
    };
    if (next.mode !== undefined) setMode(next.mode);
    if (next.body !== undefined) setBody(next.body);
    if (next.quotedId !== undefined) setQuotedId(next.quotedId);
    saveDraft(merged);
  }

  function submit() {
    const text = body.trim();
    if (text === '') {
      setEmptyError(true);
      textarea.current?.focus();
      return;
    }
    setEmptyError(false);
    const sent = { body, quotedId, attachments: picker.attachments };
    send.mutate(
      {
        mode,
        input: {
          ticketId: ticket.id,
          body: text,
          quotedMessageId: quotedId,
          attachments: sent.attachments,
        },
        author: viewer.user,
      },
      {
        onSuccess: () => {
          // Only what was sent is cleared: anything typed meanwhile stays.
          setBody((current) => (current === sent.body ? '' : current));
          setQuotedId((current) => (current === sent.quotedId ? null : current));
          picker.clearSent(sent.attachments);
          const store = browserStorage();
          if (store && latest.current.body === sent.body)
            clearMessageDraft(store, profileId, ticket.id);
        },
      },
    );
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      submit();
    }
  }

  const label =
    mode === 'note' ? 'Internal note (only technicians see it)' : 'Reply to the conversation';

  return (
    <form
      className={`composer composer--${mode}`}
      aria-label={mode === 'note' ? 'Write an internal note' : 'Write a reply'}
      data-testid="composer"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
      {...fileDropProps<HTMLFormElement>(picker)}
    >
      {modes.length > 1 ? (
        <fieldset className="segmented">
          <legend className="visually-hidden">What to write</legend>
          {modes.map((option) => (
            <label key={option} className="segmented__option">
              <input
                type="radio"
                name={`${idPrefix}-mode`}
                value={option}
                checked={mode === option}
                onChange={() => update({ mode: option })}
              />
              <span>{option === 'reply' ? 'Public reply' : 'Internal note'}</span>
            </label>
          ))}
        </fieldset>
      ) : null}
      {quotedId ? (
        <div className="composer__quote">
          <span>
            Quoting {quoted?.authorName ?? 'an earlier message'}
            {quoted ? `: “${excerpt(quoted.body, 90)}”` : ''}
          </span>
          <button
            type="button"
            className="button button--small button--quiet"
            onClick={() => update({ quotedId: null })}
            aria-label="Remove the quote"
          >
            ✕
          </button>
        </div>
      ) : null}
      <label htmlFor={`${idPrefix}-body`} className="visually-hidden">
        {label}
      </label>
      <textarea
        ref={textarea}
        id={`${idPrefix}-body`}
        className="composer__text"
        rows={4}
        value={body}
        placeholder={
          mode === 'note'
            ? 'Write an internal note — only technicians see it'
            : 'Write a reply — Ctrl+Enter sends'
        }
        aria-invalid={emptyError ? true : undefined}
        aria-describedby={emptyError ? `${idPrefix}-empty` : undefined}
        onChange={(event) => {
          if (emptyError) setEmptyError(false);
          update({ body: event.target.value });
        }}
        onKeyDown={onKeyDown}
      />
      {emptyError ? (
        <p id={`${idPrefix}-empty`} className="form-field__error">
          Write a message first.
        </p>
      ) : null}
      <AttachmentChosen picker={picker} />
      {send.isError ? (
        <p className="form-field__error" role="alert">
          Not sent: {errorMessage(send.error)} Your text is still here.
        </p>
      ) : null}
      <div className="composer__bar">
        <AttachButton picker={picker} />
        <span className="composer__hint">{statusHint}</span>
        <button type="submit" className="button button--primary" disabled={send.isPending}>
          {mode === 'note' ? 'Add internal note' : 'Send reply'}
        </button>
      </div>
    </form>
  );
}
