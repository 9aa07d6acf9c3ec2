import { useState } from 'react';
import type { AttentionItem } from '../../../../src-shared/domain/timeline';
import { errorMessage } from '../../api/client';
import { useResolveAttention } from '../../api/mutations';
import {
  useAttentionItems,
  usePendingChanges,
  useSyncNow,
  useSyncState,
  useTicket,
} from '../../api/queries';
import { describeChange, refusalTitle, ticketLabel } from '../../format/changes';
import { formatCount, pluralise } from '../../format/number';
import { formatExact, formatRelative } from '../../format/time';
import { useNow } from '../../hooks/use-now';
import { useUi } from '../../state/ui';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { Dialog } from '../common/Dialog';
import { ErrorState } from '../common/ErrorState';
import { syncStatusLabels } from './sync-labels';

/** Pending changes are many while offline for days; the first ones say enough. */
const PENDING_SHOWN = 50;

/**
 * What is waiting to be sent, and what the server refused, with everything the person wrote and
 * a way forward for each: retry, turn a reply to a closed ticket into a follow-up, or discard
 * (after a confirmation that shows what would be lost).
 */
export function SyncPanel() {
  const open = useUi((state) => state.dialog === 'sync');
  const closeDialog = useUi((state) => state.closeDialog);
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => (next ? undefined : closeDialog())}
      title="Sync"
      size="large"
      testId="sync-panel"
    >
      {open ? <SyncPanelBody /> : null}
    </Dialog>
  );
}

function SyncPanelBody() {
  const state = useSyncState();
  const syncNow = useSyncNow();
  const attention = useAttentionItems();
  const pending = usePendingChanges();
  const now = useNow();
  const status = state.data?.status;
  const [notice, setNotice] = useState<string | null>(null);

  return (
    <div className="sync-panel">
      <div className="sync-panel__status" data-status={status ?? 'loading'}>
        <p>
          <strong>{status ? syncStatusLabels[status] : 'Checking…'}</strong>
          {state.data?.lastPullAt ? (
            <>
              {' '}
              · last pull{' '}
              <time dateTime={state.data.lastPullAt} title={formatExact(state.data.lastPullAt)}>
                {formatRelative(state.data.lastPullAt, now)}
              </time>
            </>
          ) : null}
        </p>
        {state.data?.lastError && status !== 'idle' ? (
          <p className="sync-panel__error">{state.data.lastError}</p>
        ) : null}
        {state.data && state.data.searchBacklog > 0 ? (
          <p data-testid="search-backlog">
            Preparing search: {formatCount(state.data.searchBacklog)} messages to go.
          </p>
        ) : null}
        <button
          type="button"
          className="button button--small"
          disabled={syncNow.isPending || status === 'syncing' || status === 'no_profile'}
          onClick={() => syncNow.mutate()}
        >
          {syncNow.isPending || status === 'syncing' ? 'Syncing…' : 'Sync now'}
        </button>
        {syncNow.isError ? (
          <p className="sync-panel__error" role="alert">
            {errorMessage(syncNow.error)}
          </p>
        ) : null}
      </div>

      <section aria-labelledby="attention-heading" className="sync-panel__section">
        <h3 id="attention-heading" className="sync-panel__heading">
          Needs attention{attention.data ? ` (${formatCount(attention.data.length)})` : ''}
        </h3>
        {attention.isError ? (
          <ErrorState
            title="The list could not be loaded"
            error={attention.error}
            onRetry={() => void attention.refetch()}
          />
        ) : attention.data?.length === 0 ? (
          <p className="sync-panel__empty">
            Nothing needs you: every change the server received was accepted.
          </p>
        ) : (
          <ul className="attention-list" data-testid="attention-list">
            {attention.data?.map((item) => (
              <AttentionCard key={item.id} item={item} now={now} onResolved={setNotice} />
            ))}
          </ul>
        )}
        <p className="sync-panel__notice" role="status">
          {notice}
        </p>
      </section>

      <section aria-labelledby="pending-heading" className="sync-panel__section">
        <h3 id="pending-heading" className="sync-panel__heading">
          Waiting to send{pending.data ? ` (${formatCount(pending.data.length)})` : ''}
        </h3>
        {pending.isError ? (
          <ErrorState
            title="The list could not be loaded"
            error={pending.error}
            onRetry={() => void pending.refetch()}
          />
        ) : pending.data?.length === 0 ? (
          <p className="sync-panel__empty">Nothing is waiting: the server has all your changes.</p>
        ) : (
          <>
            <ul className="pending-list" data-testid="pending-list">
              {pending.data?.slice(0, PENDING_SHOWN).map((change) => (
                <li key={change.id} className="pending-list__item">
                  <ChangeTitle name={change.name} args={change.args} ticketId={change.ticketId} />
                  <span className="pending-list__meta">
                    queued{' '}
                    <time dateTime={change.createdAt} title={formatExact(change.createdAt)}>
                      {formatRelative(change.createdAt, now)}
                    </time>
                    {change.attempts > 0
                      ? ` · ${pluralise(change.attempts, 'attempt', 'attempts')}`
                      : ''}
                    {change.lastError ? ` · ${change.lastError}` : ''}
                  </span>
                </li>
              ))}
            </ul>
            {pending.data && pending.data.length > PENDING_SHOWN ? (
              <p className="sync-panel__empty">
                and {pluralise(pending.data.length - PENDING_SHOWN, 'more change', 'more changes')}
              </p>
            ) : null}
          </>
        )}
      </section>
    </div>
  );
}

function useChangeDescription(name: string, args: unknown, ticketId: string | null) {
  const ticket = useTicket(ticketId);
  return describeChange(name, args, ticketLabel(ticket.data));
}

function ChangeTitle({
  name,
  args,
  ticketId,
}: {
  name: string;
  args: unknown;
  ticketId: string | null;
}) {
  return (
    <span className="pending-list__title">{useChangeDescription(name, args, ticketId).title}</span>
  );
}

const resolvedNotices = {
  retry: 'Sent again: it is back in the queue of changes waiting to go out.',
  follow_up:
    'A follow-up ticket with your text is queued; it shows “pending” in the queue until the server numbers it.',
  discard: 'Discarded.',
} as const;

function AttentionCard({
  item,
  now,
  onResolved,
}: {
  item: AttentionItem;
  now: number;
  onResolved: (notice: string) => void;
}) {
  const description = useChangeDescription(item.name, item.args, item.ticketId);
  const resolve = useResolveAttention();
  const [confirming, setConfirming] = useState(false);
  const [copied, setCopied] = useState(false);
  const text = description.content.map((c) => c.text).join('\n\n');
  const isNotice = item.code === 'local_database_rebuilt';
  const settle = (action: keyof typeof resolvedNotices) =>
    resolve.mutate(
      { id: item.id, action },
      { onSuccess: () => onResolved(resolvedNotices[action]) },
    );

  return (
    <li className="attention-card" data-testid="attention-item" data-code={item.code}>
      <p className="attention-card__title">{description.title}</p>
      <p className="attention-card__reason">
        <strong>{refusalTitle(item.code)}.</strong> {item.message}
      </p>
      {description.content.map((part) => (
        <div key={part.label} className="attention-card__content">
          <span className="attention-card__label">{part.label}</span>
          {/* Focusable so a long text can be scrolled from the keyboard. */}
          <blockquote className="attention-card__text" tabIndex={0}>
            {part.text}
          </blockquote>
        </div>
      ))}
      <p className="attention-card__meta">
        Written{' '}
        <time dateTime={item.createdAt} title={formatExact(item.createdAt)}>
          {formatRelative(item.createdAt, now)}
        </time>
        , refused{' '}
        <time dateTime={item.failedAt} title={formatExact(item.failedAt)}>
          {formatRelative(item.failedAt, now)}
        </time>
      </p>
      <div className="attention-card__actions">
        {item.actions.includes('follow_up') ? (
          <button
            type="button"
            className="button button--small button--primary"
            disabled={resolve.isPending}
            onClick={() => settle('follow_up')}
          >
            Make a follow-up ticket
          </button>
        ) : null}
        {item.actions.includes('retry') ? (
          <button
            type="button"
            className="button button--small"
            disabled={resolve.isPending}
            onClick={() => settle('retry')}
          >
            Retry
          </button>
        ) : null}
        {text ? (
          <button
            type="button"
            className="button button--small button--quiet"
            onClick={() =>
              void navigator.clipboard?.writeText(text).then(
                () => setCopied(true),
                () => setCopied(false),
              )
            }
          >
            {copied ? 'Copied' : 'Copy text'}
          </button>
        ) : null}
        {item.actions.includes('discard') ? (
          <button
            type="button"
            className="button button--small button--danger-quiet"
            disabled={resolve.isPending}
            // the notice that the local database was rebuilt loses nothing when dismissed
            onClick={() => (isNotice ? settle('discard') : setConfirming(true))}
          >
            {isNotice ? 'Dismiss' : 'Discard…'}
          </button>
        ) : null}
      </div>
      {resolve.isError ? (
        <p className="sync-panel__error" role="alert">
          {errorMessage(resolve.error)}
        </p>
      ) : null}
      {confirming ? (
        <ConfirmDialog
          title="Discard this change?"
          message={
            text
              ? 'It will not be sent, and the text below is deleted from this computer. Copy it first if you may need it.'
              : 'It will not be sent.'
          }
          confirmLabel="Discard"
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            settle('discard');
          }}
        >
          {text ? <blockquote className="attention-card__text">{text}</blockquote> : null}
        </ConfirmDialog>
      ) : null}
    </li>
  );
}
