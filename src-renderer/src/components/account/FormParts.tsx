import type { UseFormRegisterReturn } from 'react-hook-form';
import { DialogClose } from '../common/Dialog';

/** A labelled input whose error, when there is one, is tied to it for screen readers. */
export function TextField(props: {
  id: string;
  label: string;
  type: string;
  autoComplete: string;
  error: string | undefined;
  registration: UseFormRegisterReturn;
}) {
  const { id, error } = props;
  return (
    <div className="form-field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type={props.type}
        autoComplete={props.autoComplete}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        {...props.registration}
      />
      {error ? (
        <p id={`${id}-error`} className="form-field__error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** What the server said about the form as a whole, then Cancel and the submit button. */
export function DialogFormFooter(props: {
  formError: string | null;
  pending: boolean;
  label: string;
  pendingLabel: string;
}) {
  return (
    <>
      {props.formError ? (
        <p className="form-field__error" role="alert">
          {props.formError}
        </p>
      ) : null}
      <div className="dialog__actions">
        <DialogClose asChild>
          <button type="button" className="button">
            Cancel
          </button>
        </DialogClose>
        <button type="submit" className="button button--primary" disabled={props.pending}>
          {props.pending ? props.pendingLabel : props.label}
        </button>
      </div>
    </>
  );
}
