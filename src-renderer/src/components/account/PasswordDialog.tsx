import { zodResolver } from '@hookform/resolvers/zod';
import { useId, useState } from 'react';
import { useForm, type FieldPath } from 'react-hook-form';
import { passwordRule } from '../../../../src-shared/accounts';
import { Dialog, DialogClose } from '../common/Dialog';
import { DialogFormFooter, TextField } from './FormParts';
import { useChangePassword } from './account-api';
import { serverFieldErrors } from './server-errors';
import { PasswordForm, type PasswordFormValues } from './settings-form';

const empty: PasswordFormValues = { currentPassword: '', newPassword: '', confirmPassword: '' };

/** Change the password: the current one, and the new one twice. The server checks both. */
export function PasswordDialog({
  open,
  onOpenChange,
}: {
  open: boolean;
  onOpenChange(open: boolean): void;
}) {
  const [done, setDone] = useState<string | null>(null);
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (!next) setDone(null);
        onOpenChange(next);
      }}
      title="Change password"
      description={passwordRule}
      size="small"
      testId="password-dialog"
    >
      {done ? (
        <>
          <p role="status">{done}</p>
          <div className="dialog__actions">
            <DialogClose asChild>
              <button type="button" className="button button--primary">
                Close
              </button>
            </DialogClose>
          </div>
        </>
      ) : open ? (
        <PasswordFormView onDone={setDone} />
      ) : null}
    </Dialog>
  );
}

function PasswordFormView({ onDone }: { onDone(message: string): void }) {
  const idPrefix = useId();
  const change = useChangePassword();
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, formState, setError, setFocus } = useForm<PasswordFormValues>({
    resolver: zodResolver(PasswordForm),
    defaultValues: empty,
    mode: 'onTouched',
  });
  const errors = formState.errors;

  const onSubmit = handleSubmit(({ currentPassword, newPassword }) => {
    setFormError(null);
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: (answer) => onDone(answer.message),
        onError: (error) => {
          const split = serverFieldErrors(
            error,
            (path) => path === 'currentPassword' || path === 'newPassword',
          );
          for (const issue of split.fields)
            setError(issue.path as FieldPath<PasswordFormValues>, { message: issue.message });
          if (split.fields[0]) setFocus(split.fields[0].path as FieldPath<PasswordFormValues>);
          setFormError(split.form.length > 0 ? split.form.join(' ') : null);
        },
      },
    );
  });

  const fields = [
    { name: 'currentPassword', label: 'Current password', autoComplete: 'current-password' },
    { name: 'newPassword', label: 'New password', autoComplete: 'new-password' },
    { name: 'confirmPassword', label: 'New password again', autoComplete: 'new-password' },
  ] as const;

  return (
    <form onSubmit={onSubmit} noValidate className="account-password-form">
      {fields.map(({ name, label, autoComplete }) => (
        <TextField
          key={name}
          id={`${idPrefix}-${name}`}
          label={label}
          type={'password'}
          autoComplete={autoComplete}
          error={errors[name]?.message}
          registration={register(name)}
        />
      ))}
      <DialogFormFooter
        formError={formError}
        pending={change.isPending}
        label="Change password"
        pendingLabel="Changing…"
      />
    </form>
  );
}
