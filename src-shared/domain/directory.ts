import { z } from 'zod';
import { Role } from '../sync-protocol.js';

export const DirectorySite = z.object({
  id: z.string(),
  organisationId: z.string(),
  code: z.string(),
  name: z.string(),
  timezone: z.string(),
});
export type DirectorySite = z.infer<typeof DirectorySite>;

export const DirectoryUser = z.object({
  id: z.string(),
  name: z.string(),
  role: Role,
  organisationId: z.string().nullable(),
});
export type DirectoryUser = z.infer<typeof DirectoryUser>;
