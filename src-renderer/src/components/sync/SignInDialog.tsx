import { useId, useState, type FormEvent } from 'react';
import { errorMessage } from '../../api/client';
import { useSignIn } from '../../api/mutations';
import { useProfiles } from '../../api/queries';
import { useUi } from '../../state/ui';
import { openRequestAccount } from '../account/request-account-state';
import { Dialog, DialogClose } from '../common/Dialog';

/**
 * Sign in to the active profile's server when its session ended. The password goes to that
 * server and is never stored; a refusal shows the server's own words.
 */
export function SignInDialog() {
  const open = useUi((state) => state.dialog === 'sign-in');
  const closeDialog = useUi((state) => state.closeDialog);
  const profiles = useProfiles();
  const profile = profiles.data?.profiles.find((p) => p.id === profiles.data?.activeId);
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => (next ? undefined : closeDialog())}
      title={profile ? `Sign in to ${profile.name}` : 'Sign in'}
      description={
        profile
          ? `As ${profile.account} at ${profile.serverUrl}. Your changes are kept until you do.`
          : undefined
      }
      size="small"
      testId="sign-in-dialog"
    >
      {open ? <SignInForm onDone={closeDialog} /> : null}
    </Dialog>
  );
}

function SignInForm({ onDone }: { onDone: () => void }) {
  const signIn = useSignIn();
  const setSignedOutHere = useUi((state) => state.setSignedOutHere);
  const [password, setPassword] = useState('');
  const id = useId();

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!password) return;
    signIn.mutate(password, {
      onSuccess: () => {
        setSignedOutHere(false);
        onDone();
      },
      onError: () => setPassword(''),
    });
  }

  return (
    <form onSubmit={onSubmit} className="sign-in-form">
      <div className="form-field">
        <label htmlFor={`${id}-password`}>Password</label>
        <input
          id={`${id}-password`}
          type="password"
          autoComplete="current-password"
          value={password}
          aria-invalid={signIn.isError ? true : undefined}
          aria-describedby={signIn.isError ? `${id}-error` : undefined}
          onChange={(event) => setPassword(event.target.value)}
        />
      </div>
      {signIn.isError ? (
        <p id={`${id}-error`} className="form-field__error" role="alert">
          {errorMessage(signIn.error)}
        </p>
      ) : null}
      <p className="form-hint">Your password is sent to this server only and is never stored.</p>
      <p className="form-hint">
        No account on this server yet?{' '}
        <button
          type="button"
          className="link-button"
          onClick={() => {
            onDone();
            openRequestAccount();
          }}
        >
          Request an account
        </button>
      </p>
      <div className="dialog__actions">
        <DialogClose asChild>
          <button type="button" className="button">
            Not now
          </button>
        </DialogClose>
        <button
          type="submit"
          className="button button--primary"
          disabled={signIn.isPending || password === ''}
        >
          {signIn.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </div>
    </form>
  );
}
