import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../../../../src-shared/result';
import { errorMessage } from '../../api/client';
import { useAddProfile } from '../../api/queries';
import { openRequestAccount } from '../account/request-account-state';
import { formErrorsFrom } from './field-errors';

const fieldNames = ['name', 'serverUrl', 'account'] as const;
type FieldName = (typeof fieldNames)[number];
type Values = Record<FieldName, string>;

const emptyValues: Values = { name: '', serverUrl: '', account: '' };

const fieldSpecs: Record<
  FieldName,
  { label: string; type: string; placeholder: string; autoComplete: string }
> = {
  name: { label: 'Name', type: 'text', placeholder: 'Head office', autoComplete: 'off' },
  serverUrl: {
    label: 'Server address',
    type: 'url',
    placeholder: 'https://support.example.com',
    autoComplete: 'url',
  },
  account: {
    label: 'Account email',
    type: 'email',
    placeholder: 'you@example.com',
    autoComplete: 'email',
  },
};

/** Adds a server profile; the core validates it, and its answer is shown field by field. */
export function ProfileForm() {
  const addProfile = useAddProfile();
  const [values, setValues] = useState<Values>(emptyValues);
  // Fields edited since the last answer: their old error no longer describes what is typed.
  const [editedSinceError, setEditedSinceError] = useState<ReadonlySet<FieldName>>(new Set());
  const inputs = useRef<Partial<Record<FieldName, HTMLInputElement | null>>>({});
  const idPrefix = useId();

  const error = addProfile.error;
  const errors =
    error instanceof ApiError && error.code === 'invalid_input'
      ? formErrorsFrom(error.issues, fieldNames, error.message)
      : {
          fields: {} as Partial<Record<FieldName, string>>,
          form: error ? [errorMessage(error)] : [],
        };
  const fieldError = (field: FieldName) =>
    editedSinceError.has(field) ? undefined : errors.fields[field];

  // Take the person to the first field that needs fixing.
  useEffect(() => {
    if (!(error instanceof ApiError) || error.code !== 'invalid_input') return;
    const first = formErrorsFrom(error.issues, fieldNames);
    const field = fieldNames.find((name) => first.fields[name] !== undefined);
    if (field) inputs.current[field]?.focus();
  }, [error]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setEditedSinceError(new Set());
    addProfile.mutate(values, { onSuccess: () => setValues(emptyValues) });
  }

  return (
    <form
      className="profile-form"
      onSubmit={onSubmit}
      noValidate
      aria-labelledby={`${idPrefix}-title`}
    >
      <h2 id={`${idPrefix}-title`} className="section-title">
        Add a server profile
      </h2>
      {fieldNames.map((field) => {
        const spec = fieldSpecs[field];
        const id = `${idPrefix}-${field}`;
        const message = fieldError(field);
        return (
          <div key={field} className="form-field">
            <label htmlFor={id}>{spec.label}</label>
            <input
              ref={(element) => {
                inputs.current[field] = element;
              }}
              id={id}
              name={field}
              type={spec.type}
              placeholder={spec.placeholder}
              autoComplete={spec.autoComplete}
              value={values[field]}
              aria-invalid={message ? true : undefined}
              aria-describedby={message ? `${id}-error` : undefined}
              onChange={(event) => {
                const value = event.target.value;
                setValues((current) => ({ ...current, [field]: value }));
                if (errors.fields[field])
                  setEditedSinceError((current) => new Set(current).add(field));
              }}
            />
            {message ? (
              <p id={`${id}-error`} className="form-field__error">
                {message}
              </p>
            ) : null}
          </div>
        );
      })}
      {errors.form.length > 0 ? (
        <div className="inline-alert" role="alert">
          {errors.form.join(' ')}
        </div>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={addProfile.isPending}>
          {addProfile.isPending ? 'Adding…' : 'Add profile'}
        </button>
        <button
          type="button"
          className="button"
          onClick={() => openRequestAccount(values.serverUrl)}
        >
          Request an account…
        </button>
      </div>
    </form>
  );
}
