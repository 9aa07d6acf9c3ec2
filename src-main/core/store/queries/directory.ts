import type { Database } from 'better-sqlite3';
import type { DirectorySite, DirectoryUser } from '../../../../src-shared/domain/directory.js';

/** Sites and people this user may see, as synced from the server: for pickers and names. */
export function listSites(db: Database): DirectorySite[] {
  return db
    .prepare(
      'SELECT id, organisation_id AS organisationId, code, name, timezone FROM sites ORDER BY name COLLATE NOCASE',
    )
    .all() as DirectorySite[];
}

export function listUsers(db: Database): DirectoryUser[] {
  return db
    .prepare(
      'SELECT id, name, role, organisation_id AS organisationId FROM users ORDER BY name COLLATE NOCASE',
    )
    .all() as DirectoryUser[];
}
