import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import {
  categories,
  priorities,
  productLines,
  type ProductLine,
} from '../../../../src-shared/domain/ticket';
import type { TicketDetail } from '../../../../src-shared/domain/timeline';
import { errorMessage } from '../../api/client';
import { useCreateTicket } from '../../api/mutations';
import { useDirectorySites, useTicket } from '../../api/queries';
import {
  categoryLabels,
  displayTicketNumber,
  priorityLabels,
  productLineLabels,
} from '../../format/ticket';
import { useViewer, type Viewer } from '../../hooks/use-viewer';
import {
  browserStorage,
  clearNewTicketDraft,
  loadNewTicketDraft,
  saveNewTicketDraft,
} from '../../state/drafts';
import {
  emptyNewTicket,
  followUpValues,
  helpTopicSuggestions,
  newTicketFormFor,
  restoreValues,
  textFields,
  toCreateInput,
  type NewTicketFormOutput,
  type NewTicketFormValues,
} from '../../state/new-ticket-form';
import { useUi } from '../../state/ui';
import { AttachButton, AttachmentChosen } from '../attachments/AttachmentPickerParts';
import { fileDropProps } from '../attachments/file-drop';
import { useAttachmentPicker } from '../attachments/use-attachment-picker';
import { Skeleton } from '../common/Skeleton';
import { KbSuggestions } from './KbSuggestions';
import { StateMessage } from '../common/StateMessage';

/** A new ticket, or a follow-up of a closed one. Works offline: it is numbered once synced. */
export function NewTicketView() {
  const followUpOfId = useUi((state) => state.followUpOfId);
  const viewer = useViewer();
  const original = useTicket(followUpOfId);

  if (!viewer.profileId) {
    return (
      <StateMessage title="No server profile is active">
        Add or choose a profile under Profiles to raise tickets.
      </StateMessage>
    );
  }
  if (followUpOfId && original.isPending) {
    return (
      <div className="new-ticket" aria-busy="true">
        <Skeleton width="medium" />
      </div>
    );
  }
  const originalTicket = original.data && 'description' in original.data ? original.data : null;
  return (
    <NewTicketFormView
      key={`${viewer.profileId}:${followUpOfId ?? ''}`}
      profileId={viewer.profileId}
      viewer={viewer}
      followUpOf={followUpOfId ? originalTicket : null}
    />
  );
}

function NewTicketFormView({
  profileId,
  viewer,
  followUpOf,
}: {
  profileId: string;
  viewer: Viewer;
  followUpOf: TicketDetail | null;
}) {
  const idPrefix = useId();
  const create = useCreateTicket();
  const picker = useAttachmentPicker();
  const openTicket = useUi((state) => state.openTicket);
  const showView = useUi((state) => state.showView);
  const followUpOfId = followUpOf?.id ?? null;

  const [defaults] = useState<NewTicketFormValues>(() => {
    const store = browserStorage();
    const draft = store ? loadNewTicketDraft(store, profileId) : null;
    if (draft && draft.followUpOfId === followUpOfId) return restoreValues(draft.values);
    return followUpOf ? followUpValues(followUpOf) : emptyNewTicket;
  });
  const siteRequired = viewer.actor === 'staff' && followUpOf === null;
  const [schema] = useState(() => newTicketFormFor({ siteRequired }));
  const sites = useDirectorySites().data ?? [];
  const form = useForm<NewTicketFormValues, unknown, NewTicketFormOutput>({
    resolver: zodResolver(schema),
    defaultValues: defaults,
    mode: 'onTouched',
  });
  const { register, handleSubmit, watch, formState, reset } = form;
  const errors = formState.errors;
  const values = watch();
  const productLine = values.productLine as ProductLine;
  const hasText = textFields.some((name) => (values[name] ?? '').trim() !== '');

  // Saved as they type, so nothing is lost to a crash, a restart or a wrong click.
  useEffect(() => {
    // Gatedesk does not use the React Compiler, so the warning about memoising watch() does not apply.
    // eslint-disable-next-line react-hooks/incompatible-library
    const subscription = watch((values) => {
      const store = browserStorage();
      if (!store) return;
      saveNewTicketDraft(
        store,
        profileId,
        { values: values as Record<string, string>, followUpOfId },
        textFields,
      );
    });
    return () => subscription.unsubscribe();
  }, [watch, profileId, followUpOfId]);

  function discard() {
    const store = browserStorage();
    if (store) clearNewTicketDraft(store, profileId);
    reset(followUpOf ? followUpValues(followUpOf) : emptyNewTicket);
  }

  const onSubmit = handleSubmit((values) => {
    const input = { ...toCreateInput(values, followUpOfId), attachments: picker.attachments };
    create.mutate(
      {
        input,
        fields: { ...values, followUpOfId },
        user: viewer.user,
        siteName: sites.find((site) => site.id === values.siteId)?.name ?? null,
      },
      {
        onSuccess: ({ id }) => {
          const store = browserStorage();
          if (store) clearNewTicketDraft(store, profileId);
          openTicket(id);
        },
      },
    );
  });

  const field = (name: keyof NewTicketFormValues) => ({
    id: `${idPrefix}-${name}`,
    'aria-invalid': errors[name] ? true : undefined,
    'aria-describedby': errors[name] ? `${idPrefix}-${name}-error` : undefined,
  });
  const fieldError = (name: keyof NewTicketFormValues) =>
    errors[name]?.message ? (
      <p id={`${idPrefix}-${name}-error`} className="form-field__error">
        {errors[name]?.message}
      </p>
    ) : null;

  return (
    <div className="new-ticket">
      <header className="view-header">
        <h1 className="view-title">{followUpOf ? 'New follow-up ticket' : 'New ticket'}</h1>
        <p className="view-subtitle">
          {followUpOf
            ? `This ticket follows up ${displayTicketNumber(followUpOf.number)}, which is closed, and links back to it.`
            : 'It is saved on this computer at once and sent when online; it shows “pending” until the server gives it a number.'}
        </p>
      </header>
      <form
        className="ticket-form"
        onSubmit={onSubmit}
        noValidate
        aria-label="New ticket"
        {...fileDropProps<HTMLFormElement>(picker)}
      >
        <div className="ticket-form__row">
          <div className="form-field">
            <label htmlFor={`${idPrefix}-productLine`}>Product line</label>
            <select className="select" {...field('productLine')} {...register('productLine')}>
              {productLines.map((line) => (
                <option key={line} value={line}>
                  {productLineLabels[line]}
                </option>
              ))}
            </select>
            {fieldError('productLine')}
          </div>
          <div className="form-field">
            <label htmlFor={`${idPrefix}-helpTopic`}>Help topic</label>
            <input
              type="text"
              list={`${idPrefix}-topics`}
              placeholder="e.g. PTI Keypads"
              autoComplete="off"
              {...field('helpTopic')}
              {...register('helpTopic')}
            />
            <datalist id={`${idPrefix}-topics`}>
              {(helpTopicSuggestions[productLine] ?? []).map((topic) => (
                <option key={topic} value={topic} />
              ))}
            </datalist>
            {fieldError('helpTopic')}
          </div>
        </div>
        <div className="ticket-form__row">
          <div className="form-field">
            <label htmlFor={`${idPrefix}-category`}>Category</label>
            <select className="select" {...field('category')} {...register('category')}>
              {categories.map((category) => (
                <option key={category} value={category}>
                  {categoryLabels[category]}
                </option>
              ))}
            </select>
            {fieldError('category')}
          </div>
          <div className="form-field">
            <label htmlFor={`${idPrefix}-priority`}>Priority</label>
            <select className="select" {...field('priority')} {...register('priority')}>
              {priorities.map((priority) => (
                <option key={priority} value={priority}>
                  {priorityLabels[priority]}
                </option>
              ))}
            </select>
            {fieldError('priority')}
          </div>
        </div>
        <div className="form-field">
          <label htmlFor={`${idPrefix}-siteId`}>Site{siteRequired ? '' : ' (optional)'}</label>
          <select className="select" {...field('siteId')} {...register('siteId')}>
            <option value="">
              {siteRequired ? 'Choose the customer’s site…' : 'No particular site'}
            </option>
            {sites.map((site) => (
              <option key={site.id} value={site.id}>
                {site.name} ({site.code})
              </option>
            ))}
          </select>
          {fieldError('siteId')}
          {sites.length === 0 ? (
            <p className="form-hint">No sites yet: they arrive with the next sync.</p>
          ) : null}
        </div>
        <div className="form-field">
          <label htmlFor={`${idPrefix}-subject`}>Subject</label>
          <input
            type="text"
            maxLength={200}
            placeholder="What is wrong, in a few words"
            {...field('subject')}
            {...register('subject')}
          />
          {fieldError('subject')}
        </div>
        <KbSuggestions subject={values.subject ?? ''} />
        <div className="form-field">
          <label htmlFor={`${idPrefix}-description`}>Description</label>
          <textarea
            rows={7}
            placeholder="What happens, since when, at which site and unit, and what you have tried"
            {...field('description')}
            {...register('description')}
          />
          {fieldError('description')}
        </div>
        <div className="form-field">
          <label htmlFor={`${idPrefix}-internalReference`}>Your reference (optional)</label>
          <input
            type="text"
            maxLength={100}
            placeholder="Your own ticket or work-order number"
            {...field('internalReference')}
            {...register('internalReference')}
          />
          {fieldError('internalReference')}
        </div>
        <AttachmentChosen picker={picker} />
        {create.isError ? (
          <div className="inline-alert" role="alert">
            The ticket was not created: {errorMessage(create.error)} Everything you typed is still
            here.
          </div>
        ) : null}
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={create.isPending}>
            Create ticket
          </button>
          <AttachButton picker={picker} />
          <button
            type="button"
            className="button button--quiet"
            onClick={() => showView('tickets')}
          >
            Back to the queue
          </button>
          {hasText ? (
            <button type="button" className="button button--quiet" onClick={discard}>
              Clear the form
            </button>
          ) : null}
        </div>
        <p className="form-hint">
          Your text is kept on this computer while you type; you can leave and come back to it.
        </p>
      </form>
    </div>
  );
}
