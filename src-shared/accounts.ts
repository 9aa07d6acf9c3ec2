import { z } from 'zod';
import { Instant } from './domain/ticket.js';
import { Role, SupportTier } from './sync-protocol.js';

/**
 * The account API of the support server (PTI's portal, seed 000): requesting and activating an
 * account, passwords, "my settings" and the admin's lists. Both sides parse with these schemas,
 * so the password rule and the field limits are stated once.
 */

export const MIN_PASSWORD_LENGTH = 10;
export const passwordRule = `Choose a password of at least ${MIN_PASSWORD_LENGTH} characters.`;

export const NewPassword = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `is too short. ${passwordRule}`)
  .max(1024, 'must be at most 1024 characters');

const Email = z.email().max(254);
const Text = (max: number) => z.string().trim().max(max);
const Required = (max: number, what: string) =>
  z.string().trim().min(1, `enter the ${what}`).max(max);

/** A real IANA time zone name; aliases such as "US/Eastern" become their canonical name. */
export const TimeZoneName = z
  .string()
  .max(100)
  .transform((name, ctx) => {
    const canonical = canonicalTimeZone(name);
    if (canonical === null) {
      ctx.addIssue({
        code: 'custom',
        message: `"${name}" is not a time zone; use an IANA name such as America/New_York`,
      });
      return z.NEVER;
    }
    return canonical;
  });

export function canonicalTimeZone(name: string): string | null {
  if (name.trim() === '') return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

export const phoneTypes = ['mobile', 'work', 'main', 'home', 'other'] as const;
export const PhoneType = z.enum(phoneTypes);
export type PhoneType = z.infer<typeof PhoneType>;

export const Phone = z
  .object({
    type: PhoneType,
    number: z
      .string()
      .trim()
      .min(1, 'enter the number')
      .max(40)
      .regex(/^\+?[0-9 ().\-x]+$/, 'use digits, spaces, + ( ) - . and x for an extension'),
  })
  .strict();
export type Phone = z.infer<typeof Phone>;

export const RequestAccountRequest = z
  .object({ name: Required(120, 'your name'), email: Email })
  .strict();
export type RequestAccountRequest = z.infer<typeof RequestAccountRequest>;

/** The activation form: "Confirm your Account" plus the "Additional details". */
export const ActivateAccountRequest = z
  .object({
    token: z.string().min(1).max(200),
    name: Required(120, 'full name'),
    password: NewPassword,
    company: Required(200, 'company'),
    address: Required(200, 'address'),
    city: Required(100, 'city'),
    state: Required(100, 'state'),
    zip: Required(20, 'zip code'),
    country: Required(100, 'country'),
    phone: Phone.shape.number,
  })
  .strict();
export type ActivateAccountRequest = z.infer<typeof ActivateAccountRequest>;

export const PasswordResetRequest = z.object({ email: Email }).strict();
export type PasswordResetRequest = z.infer<typeof PasswordResetRequest>;

export const ResetPasswordRequest = z
  .object({ token: z.string().min(1).max(200), password: NewPassword })
  .strict();
export type ResetPasswordRequest = z.infer<typeof ResetPasswordRequest>;

export const ChangePasswordRequest = z
  .object({ currentPassword: z.string().min(1).max(1024), newPassword: NewPassword })
  .strict();
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequest>;

/** The answer to the requests that must not reveal whether an email has an account. */
export const AcceptedResponse = z.object({ message: z.string() });
export type AcceptedResponse = z.infer<typeof AcceptedResponse>;

export { SupportTier, supportTiers } from './sync-protocol.js';

export const OrganisationDetails = z.object({
  company: z.string(),
  contactName: z.string(),
  contactPhone: z.string(),
  address: z.string(),
  city: z.string(),
  state: z.string(),
  zip: z.string(),
  country: z.string(),
});
export type OrganisationDetails = z.infer<typeof OrganisationDetails>;

export const MySettings = z.object({
  name: z.string(),
  email: z.string(),
  role: Role,
  phones: z.array(Phone),
  timezone: z.string(),
  organisation: OrganisationDetails.extend({
    id: z.string(),
    /** The tier in force now: an expired preferred tier reads as free. */
    supportTier: SupportTier,
    tierExpiresAt: Instant.nullable(),
    /** Only the organisation's site managers may edit its details. */
    editable: z.boolean(),
  }).nullable(),
});
export type MySettings = z.infer<typeof MySettings>;

export const UpdateMySettingsRequest = z
  .object({
    name: Required(120, 'full name').optional(),
    email: Email.optional(),
    /** Needed to change the email address. */
    currentPassword: z.string().min(1).max(1024).optional(),
    phones: z.array(Phone).max(10, 'keep at most 10 phone numbers').optional(),
    timezone: TimeZoneName.optional(),
    organisation: z
      .object({
        company: Required(200, 'company'),
        contactName: Required(120, 'contact name'),
        contactPhone: Phone.shape.number,
        address: Required(200, 'address'),
        city: Text(100),
        state: Text(100),
        zip: Text(20),
        country: Text(100),
      })
      .partial()
      .strict()
      .optional(),
  })
  .strict();
export type UpdateMySettingsRequest = z.infer<typeof UpdateMySettingsRequest>;

// The admin's minimal tools: list people and organisations, set a role, set a support tier.

export const AdminUser = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: Role,
  organisationId: z.string().nullable(),
  timezone: z.string(),
  /** False for accounts that cannot sign in yet. */
  canSignIn: z.boolean(),
});
export type AdminUser = z.infer<typeof AdminUser>;

export const AdminOrganisation = OrganisationDetails.extend({
  id: z.string(),
  phone: z.string(),
  /** What was set: `preferred` may have expired. */
  supportTier: SupportTier,
  tierExpiresAt: Instant.nullable(),
  /** What is in force now. */
  effectiveTier: SupportTier,
});
export type AdminOrganisation = z.infer<typeof AdminOrganisation>;

export const AdminUpdateUserRequest = z
  .object({
    role: Role.optional(),
    organisationId: z.string().min(1).max(100).nullable().optional(),
  })
  .strict();
export type AdminUpdateUserRequest = z.infer<typeof AdminUpdateUserRequest>;

export const AdminSetTierRequest = z
  .object({ supportTier: SupportTier, tierExpiresAt: Instant.nullable().default(null) })
  .strict();
export type AdminSetTierRequest = z.infer<typeof AdminSetTierRequest>;
