import type { Role } from '../src-shared/sync-protocol.js';

/** The signed-in user a request acts for; every read and write is scoped by it. */
export interface Viewer {
  userId: string;
  role: Role;
  organisationId: string | null;
}

/** Support staff work every customer's tickets; customers and installers see their organisation only. */
export function seesAllOrganisations(viewer: Viewer): boolean {
  return viewer.role === 'technician' || viewer.role === 'admin';
}
