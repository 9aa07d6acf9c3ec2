import { zodResolver } from '@hookform/resolvers/zod';
import { useId, useState } from 'react';
import { useForm, type FieldPath } from 'react-hook-form';
import type { z } from 'zod';
import { RequestAccountRequest } from '../../../../src-shared/accounts';
import { ServerUrl } from '../../../../src-shared/domain/profile';
import { useProfiles } from '../../api/queries';
import { Dialog, DialogClose } from '../common/Dialog';
import { DialogFormFooter, TextField } from './FormParts';
import { useRequestAccount } from './account-api';
import { useRequestAccountDialog } from './request-account-state';
import { serverFieldErrors } from './server-errors';

const RequestForm = RequestAccountRequest.extend({ serverUrl: ServerUrl });
type RequestFormValues = z.input<typeof RequestForm>;

/**
 * "Request New Account" (PTI's portal): a name and an email, sent to a support server without
 * signing in. The server emails an activation link; its answer is the same whether or not the
 * address already has an account.
 */
export function RequestAccountDialog() {
  const { open, serverUrl, close } = useRequestAccountDialog();
  const profiles = useProfiles();
  const active = profiles.data?.profiles.find((p) => p.id === profiles.data?.activeId);
  const [answer, setAnswer] = useState<string | null>(null);
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (next) return;
        setAnswer(null);
        close();
      }}
      title="Request an account"
      description="Your support server emails you a link to activate the account and choose a password."
      size="small"
      testId="request-account-dialog"
    >
      {answer ? (
        <>
          <p role="status" data-testid="request-account-confirmation">
            {answer}
          </p>
          <div className="dialog__actions">
            <DialogClose asChild>
              <button type="button" className="button button--primary">
                Close
              </button>
            </DialogClose>
          </div>
        </>
      ) : open ? (
        <RequestAccountForm
          defaultServerUrl={serverUrl ?? active?.serverUrl ?? ''}
          onDone={setAnswer}
        />
      ) : null}
    </Dialog>
  );
}

function RequestAccountForm({
  defaultServerUrl,
  onDone,
}: {
  defaultServerUrl: string;
  onDone(message: string): void;
}) {
  const idPrefix = useId();
  const request = useRequestAccount();
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, formState, setError } = useForm<RequestFormValues>({
    resolver: zodResolver(RequestForm),
    defaultValues: { name: '', email: '', serverUrl: defaultServerUrl },
    mode: 'onTouched',
  });
  const errors = formState.errors;

  const onSubmit = handleSubmit((values) => {
    setFormError(null);
    request.mutate(values, {
      onSuccess: (reply) => onDone(reply.message),
      onError: (error) => {
        const split = serverFieldErrors(error, (path) =>
          ['name', 'email', 'serverUrl'].includes(path),
        );
        for (const issue of split.fields)
          setError(
            issue.path as FieldPath<RequestFormValues>,
            { message: issue.message },
            { shouldFocus: true },
          );
        setFormError(split.form.length > 0 ? split.form.join(' ') : null);
      },
    });
  });

  const fields = [
    { name: 'name', label: 'Full name', type: 'text', autoComplete: 'name' },
    { name: 'email', label: 'Email address', type: 'email', autoComplete: 'email' },
    { name: 'serverUrl', label: 'Support server address', type: 'url', autoComplete: 'url' },
  ] as const;

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Request an account">
      {fields.map(({ name, label, type, autoComplete }) => (
        <TextField
          key={name}
          id={`${idPrefix}-${name}`}
          label={label}
          type={type}
          autoComplete={autoComplete}
          error={errors[name]?.message}
          registration={register(name)}
        />
      ))}
      <DialogFormFooter
        formError={formError}
        pending={request.isPending}
        label="Request account"
        pendingLabel="Sending…"
      />
    </form>
  );
}
