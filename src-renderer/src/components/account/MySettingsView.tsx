import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useId, useMemo, useState } from 'react';
import { useFieldArray, useForm, useWatch, type FieldPath } from 'react-hook-form';
import { phoneTypes, type MySettings } from '../../../../src-shared/accounts';
import { useViewer } from '../../hooks/use-viewer';
import { ErrorState } from '../common/ErrorState';
import { Skeleton } from '../common/Skeleton';
import { StateMessage } from '../common/StateMessage';
import { useMySettings, useSaveSettings } from './account-api';
import { DesktopNotificationsSetting } from './DesktopNotificationsSetting';
import { PasswordDialog } from './PasswordDialog';
import { serverFieldErrors } from './server-errors';
import {
  organisationFields,
  organisationLabels,
  SettingsForm,
  settingsFormValues,
  settingsPatch,
  timeZoneNames,
  type SettingsFormOutput,
  type SettingsFormValues,
} from './settings-form';
import './account.css';

const phoneTypeLabels: Record<(typeof phoneTypes)[number], string> = {
  mobile: 'Mobile',
  work: 'Work',
  main: 'Main',
  home: 'Home',
  other: 'Other',
};

/**
 * "My settings" (PTI's portal): name, email, phone numbers, time zone and the organisation's
 * details, kept on the support server; the password; desktop notifications on this computer.
 */
export function MySettingsView() {
  const viewer = useViewer();
  const settings = useMySettings(viewer.user !== null);
  const [passwordOpen, setPasswordOpen] = useState(false);

  return (
    <div className="account-view">
      <header className="view-header">
        <h1 className="view-title">My settings</h1>
        <p className="view-subtitle">
          Keep these up to date so support can reach you quickly. They are saved on your support
          server.
        </p>
      </header>
      {viewer.user === null ? (
        <StateMessage title="Sign in to see your settings">
          Your settings are kept by your support server. Sign in to the active profile under
          Profiles first.
        </StateMessage>
      ) : settings.isError && !settings.data ? (
        <ErrorState
          title="Your settings could not be loaded"
          error={settings.error}
          onRetry={() => void settings.refetch()}
        />
      ) : settings.data ? (
        <SettingsFormView key={viewer.profileId ?? ''} saved={settings.data} />
      ) : (
        <div className="account-section" aria-busy="true">
          <Skeleton width="medium" />
          <Skeleton width="long" />
        </div>
      )}

      <section className="account-section" aria-labelledby="password-heading">
        <h2 id="password-heading" className="section-title">
          Password
        </h2>
        <p className="form-hint">
          Changing it signs you out everywhere else; this computer stays signed in.
        </p>
        <button
          type="button"
          className="button"
          disabled={viewer.user === null}
          onClick={() => setPasswordOpen(true)}
        >
          Change password…
        </button>
      </section>
      <DesktopNotificationsSetting />
      <PasswordDialog open={passwordOpen} onOpenChange={setPasswordOpen} />
    </div>
  );
}

function SettingsFormView({ saved }: { saved: MySettings }) {
  const idPrefix = useId();
  const save = useSaveSettings();
  const [formErrors, setFormErrors] = useState<string[]>([]);
  const [savedNote, setSavedNote] = useState(false);
  const zones = useMemo(() => timeZoneNames(), []);
  const form = useForm<SettingsFormValues, unknown, SettingsFormOutput>({
    resolver: zodResolver(SettingsForm),
    defaultValues: settingsFormValues(saved),
    mode: 'onTouched',
  });
  const { register, handleSubmit, formState, reset, setError, control, setFocus } = form;
  const phones = useFieldArray({ control, name: 'phones' });
  const errors = formState.errors;
  const email = useWatch({ control, name: 'email' });
  const emailChanged = email.trim().toLowerCase() !== saved.email.toLowerCase();
  const org = saved.organisation;

  // A change made elsewhere (another window) shows once this form has nothing unsaved.
  useEffect(() => {
    if (!formState.isDirty) reset(settingsFormValues(saved));
  }, [saved, reset, formState.isDirty]);

  const onSubmit = handleSubmit((values) => {
    setFormErrors([]);
    setSavedNote(false);
    const planned = settingsPatch(saved, values);
    if (!planned.ok) {
      setError(planned.field, { message: planned.message }, { shouldFocus: true });
      return;
    }
    if (Object.keys(planned.patch).length === 0) {
      setSavedNote(true);
      return;
    }
    save.mutate(planned.patch, {
      onSuccess: (next) => {
        reset(settingsFormValues(next));
        setSavedNote(true);
      },
      // What was typed stays in the form; the messages go to the fields they are about.
      onError: (error) => {
        const known = (path: string) =>
          path === 'name' ||
          path === 'email' ||
          path === 'currentPassword' ||
          path === 'timezone' ||
          /^phones\.\d+\.(number|type)$/.test(path) ||
          /^organisation\.\w+$/.test(path);
        const split = serverFieldErrors(error, known);
        for (const issue of split.fields)
          setError(issue.path as FieldPath<SettingsFormValues>, { message: issue.message });
        if (split.fields[0]) setFocus(split.fields[0].path as FieldPath<SettingsFormValues>);
        setFormErrors(split.form);
      },
    });
  });

  const describe = (name: string, message: string | undefined) => ({
    id: `${idPrefix}-${name}`,
    'aria-invalid': message ? true : undefined,
    'aria-describedby': message ? `${idPrefix}-${name}-error` : undefined,
  });
  const errorText = (name: string, message: string | undefined) =>
    message ? (
      <p id={`${idPrefix}-${name}-error`} className="form-field__error">
        {message}
      </p>
    ) : null;

  return (
    <form className="account-form" onSubmit={onSubmit} noValidate aria-label="My settings">
      <section className="account-section" aria-labelledby={`${idPrefix}-basic`}>
        <h2 id={`${idPrefix}-basic`} className="section-title">
          Basic info
        </h2>
        <div className="form-field">
          <label htmlFor={`${idPrefix}-name`}>Full name</label>
          <input
            type="text"
            autoComplete="name"
            {...describe('name', errors.name?.message)}
            {...register('name')}
          />
          {errorText('name', errors.name?.message)}
        </div>
        <div className="form-field">
          <label htmlFor={`${idPrefix}-email`}>Email address</label>
          <input
            type="email"
            autoComplete="email"
            {...describe('email', errors.email?.message)}
            {...register('email')}
          />
          {errorText('email', errors.email?.message)}
        </div>
        {emailChanged ? (
          <div className="form-field">
            <label htmlFor={`${idPrefix}-currentPassword`}>Current password</label>
            <input
              type="password"
              autoComplete="current-password"
              {...describe('currentPassword', errors.currentPassword?.message)}
              {...register('currentPassword')}
            />
            <p className="form-hint">Needed to change the email address you sign in with.</p>
            {errorText('currentPassword', errors.currentPassword?.message)}
          </div>
        ) : null}
      </section>

      <section className="account-section" aria-labelledby={`${idPrefix}-phones`}>
        <h2 id={`${idPrefix}-phones`} className="section-title">
          Phone numbers
        </h2>
        {phones.fields.length === 0 ? (
          <p className="form-hint">No phone number yet. Add one so support can call you back.</p>
        ) : null}
        <ul className="account-phones">
          {phones.fields.map((item, index) => {
            const numberError = errors.phones?.[index]?.number?.message;
            return (
              <li key={item.id} className="account-phone">
                <div className="form-field">
                  <label htmlFor={`${idPrefix}-phone-${index}-type`}>Phone {index + 1} type</label>
                  <select
                    className="select"
                    id={`${idPrefix}-phone-${index}-type`}
                    {...register(`phones.${index}.type`)}
                  >
                    {phoneTypes.map((type) => (
                      <option key={type} value={type}>
                        {phoneTypeLabels[type]}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="form-field">
                  <label htmlFor={`${idPrefix}-phone-${index}-number`}>
                    Phone {index + 1} number
                  </label>
                  <input
                    type="tel"
                    autoComplete="tel"
                    {...describe(`phone-${index}-number`, numberError)}
                    {...register(`phones.${index}.number`)}
                  />
                  {errorText(`phone-${index}-number`, numberError)}
                </div>
                <button
                  type="button"
                  className="button button--quiet"
                  onClick={() => phones.remove(index)}
                >
                  Remove phone {index + 1}
                </button>
              </li>
            );
          })}
        </ul>
        {errors.phones?.message ? (
          <p className="form-field__error">{errors.phones.message}</p>
        ) : null}
        <button
          type="button"
          className="button"
          disabled={phones.fields.length >= 10}
          onClick={() => phones.append({ type: 'mobile', number: '' })}
        >
          Add a phone number
        </button>
      </section>

      <section className="account-section" aria-labelledby={`${idPrefix}-region`}>
        <h2 id={`${idPrefix}-region`} className="section-title">
          Time zone
        </h2>
        <div className="form-field">
          <label htmlFor={`${idPrefix}-timezone`}>Time zone</label>
          <input
            type="text"
            list={`${idPrefix}-zones`}
            autoComplete="off"
            {...describe('timezone', errors.timezone?.message)}
            {...register('timezone')}
          />
          <datalist id={`${idPrefix}-zones`}>
            {zones.map((zone) => (
              <option key={zone} value={zone} />
            ))}
          </datalist>
          <p className="form-hint">Callback windows and due times are shown in this zone.</p>
          {errorText('timezone', errors.timezone?.message)}
        </div>
      </section>

      {org ? (
        <section className="account-section" aria-labelledby={`${idPrefix}-org`}>
          <h2 id={`${idPrefix}-org`} className="section-title">
            Additional info
          </h2>
          <p className="form-hint">
            {org.editable
              ? `Your organisation's details (support: ${org.supportTier}).`
              : `Your organisation's details (support: ${org.supportTier}). Only its site managers can change them.`}
          </p>
          <div className="account-grid">
            {organisationFields.map((field) => {
              const message = errors.organisation?.[field]?.message;
              return (
                <div key={field} className="form-field">
                  <label htmlFor={`${idPrefix}-org-${field}`}>{organisationLabels[field]}</label>
                  <input
                    type="text"
                    readOnly={!org.editable}
                    {...describe(`org-${field}`, message)}
                    {...register(`organisation.${field}`)}
                  />
                  {errorText(`org-${field}`, message)}
                </div>
              );
            })}
          </div>
        </section>
      ) : null}

      {formErrors.length > 0 ? (
        <div className="inline-alert" role="alert">
          {formErrors.join(' ')}
        </div>
      ) : null}
      {save.isError && formErrors.length === 0 ? (
        <div className="inline-alert" role="alert">
          Some fields need a fix; see the messages above.
        </div>
      ) : null}
      <div className="form-actions account-actions">
        <button type="submit" className="button button--primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save settings'}
        </button>
        <button
          type="button"
          className="button"
          disabled={save.isPending || !formState.isDirty}
          onClick={() => {
            setFormErrors([]);
            setSavedNote(false);
            reset(settingsFormValues(saved));
          }}
        >
          Reset
        </button>
        <p role="status" className="account-status">
          {savedNote && !formState.isDirty ? 'Your settings are saved.' : ''}
        </p>
      </div>
    </form>
  );
}
