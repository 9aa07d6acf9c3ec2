import { z } from 'zod';
import {
  canonicalTimeZone,
  NewPassword,
  Phone,
  type MySettings,
  type UpdateMySettingsRequest,
} from '../../../../src-shared/accounts';

/**
 * "My settings" as a form: the values typed, the rules checked before anything is sent (the
 * server's own schemas, so both sides say the same), and the patch of what changed.
 */

const organisationFields = [
  'company',
  'contactName',
  'contactPhone',
  'address',
  'city',
  'state',
  'zip',
  'country',
] as const;
export type OrganisationField = (typeof organisationFields)[number];
export { organisationFields };

export const organisationLabels: Record<OrganisationField, string> = {
  company: 'Company',
  contactName: 'Contact name',
  contactPhone: 'Contact phone',
  address: 'Address',
  city: 'City',
  state: 'State',
  zip: 'Zip code',
  country: 'Country',
};

export const SettingsForm = z
  .object({
    name: z.string().trim().min(1, 'enter your full name').max(120, 'keep it under 120 characters'),
    email: z.email('enter an email address such as you@example.com').max(254),
    /** Needed only when the email changes. */
    currentPassword: z.string().max(1024),
    phones: z.array(Phone).max(10, 'keep at most 10 phone numbers'),
    timezone: z
      .string()
      .refine(
        (name) => canonicalTimeZone(name) !== null,
        'choose a time zone from the list, such as America/New_York',
      ),
    organisation: z.object(
      Object.fromEntries(organisationFields.map((f) => [f, z.string().trim().max(200)])) as Record<
        OrganisationField,
        z.ZodString
      >,
    ),
  })
  .strict();
export type SettingsFormValues = z.input<typeof SettingsForm>;
export type SettingsFormOutput = z.output<typeof SettingsForm>;

export function settingsFormValues(settings: MySettings): SettingsFormValues {
  const org = settings.organisation;
  return {
    name: settings.name,
    email: settings.email,
    currentPassword: '',
    phones: settings.phones.map((p) => ({ ...p })),
    timezone: settings.timezone,
    organisation: Object.fromEntries(
      organisationFields.map((f) => [f, org ? org[f] : '']),
    ) as Record<OrganisationField, string>,
  };
}

export type SettingsPatch =
  | { ok: true; patch: UpdateMySettingsRequest }
  | { ok: false; field: 'currentPassword'; message: string };

/** Only what differs from the saved settings; an email change carries the current password. */
export function settingsPatch(saved: MySettings, values: SettingsFormOutput): SettingsPatch {
  const patch: UpdateMySettingsRequest = {};
  if (values.name !== saved.name) patch.name = values.name;
  if (values.email.toLowerCase() !== saved.email.toLowerCase()) {
    if (values.currentPassword === '') {
      return {
        ok: false,
        field: 'currentPassword',
        message: 'enter your current password to change your email address',
      };
    }
    patch.email = values.email;
    patch.currentPassword = values.currentPassword;
  }
  if (JSON.stringify(values.phones) !== JSON.stringify(saved.phones)) patch.phones = values.phones;
  if (values.timezone !== saved.timezone) patch.timezone = values.timezone;
  if (saved.organisation?.editable) {
    const changed = organisationFields.filter(
      (f) => values.organisation[f] !== saved.organisation![f],
    );
    if (changed.length > 0)
      patch.organisation = Object.fromEntries(changed.map((f) => [f, values.organisation[f]]));
  }
  return { ok: true, patch };
}

export const PasswordForm = z
  .object({
    currentPassword: z.string().min(1, 'enter your current password').max(1024),
    newPassword: NewPassword,
    confirmPassword: z.string(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, {
    message: 'does not match the new password; type it again',
    path: ['confirmPassword'],
  });
export type PasswordFormValues = z.input<typeof PasswordForm>;

/** Every IANA zone this browser knows, for the time zone list. */
export function timeZoneNames(): string[] {
  const intl = Intl as { supportedValuesOf?: (key: string) => string[] };
  return intl.supportedValuesOf?.('timeZone') ?? [];
}
