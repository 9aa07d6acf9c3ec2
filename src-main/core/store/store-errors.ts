/**
 * SQLite failures a person can do something about, said in words. They come from the file or the
 * machine, not from a bug: another program holding the database, a damaged file, a full disk, a
 * folder that cannot be written. Anything else stays an internal error (and goes to the log).
 */
export interface StoreFailure {
  code: 'unavailable';
  message: string;
}

export function storeFailure(error: unknown): StoreFailure | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return null;
  const say = (message: string): StoreFailure => ({ code: 'unavailable', message });
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
    return say(
      'The local database is in use by another program (perhaps Gatedesk is open twice with the same data folder). Close the other one and try again; nothing was changed.',
    );
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB')
    return say(
      'The local database file is damaged and cannot be read. When Gatedesk starts it sets a damaged profile database aside, keeps the changes it can still read in a recovery file and fetches the rest from the server again; if this message stays, send a problem report (Help → Report a Problem) to support.',
    );
  if (code.startsWith('SQLITE_FULL'))
    return say(
      'The disk is full, so your change was not saved. Free some space on the disk and try again; what was saved before is intact.',
    );
  if (
    code.startsWith('SQLITE_READONLY') ||
    code.startsWith('SQLITE_CANTOPEN') ||
    code.startsWith('SQLITE_IOERR') ||
    code === 'SQLITE_PERM'
  )
    return say(
      'Gatedesk cannot write to its data folder. Check that the disk is connected and that your user may write to the folder, then try again.',
    );
  return null;
}
