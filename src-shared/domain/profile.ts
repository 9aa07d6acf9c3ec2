import { z } from 'zod';

/** A support server the client syncs with, and the account used there. */
export const ServerUrl = z
  .url({ protocol: /^https?$/, error: 'the server address must start with http:// or https://' })
  .max(2048);

export const ProfileInput = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, 'give the profile a name')
      .max(80, 'keep the name under 80 characters'),
    serverUrl: ServerUrl,
    account: z.email('the account must be an email address').max(254),
  })
  .strict();
export type ProfileInput = z.infer<typeof ProfileInput>;

export const Profile = z.object({
  id: z.string(),
  name: z.string(),
  serverUrl: z.string(),
  account: z.string(),
  /** The embedded demo profile: its server runs inside the app. */
  isDemo: z.boolean(),
  createdAt: z.string(),
});
export type Profile = z.infer<typeof Profile>;
