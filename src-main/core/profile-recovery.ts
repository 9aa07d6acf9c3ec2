import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Profile } from '../../src-shared/domain/profile.js';
import { openActiveProfile, type ActiveProfile, type OpenProfileDeps } from './active-profile.js';
import { profileDatabaseFile } from './paths.js';
import { REBUILT_CODE, REBUILT_NOTICE, RECOVERED_CODE } from './recovery-codes.js';
import type { RecoveredItem } from './store/queries/recovery.js';
import type { SalvagedChange, SalvagedQueue } from './store/salvage.js';
import type { Store } from './store/store-types.js';

/** What the start-up did about a damaged profile database, for the log and the user. */
export interface ProfileRecovery {
  damagedFile: string;
  recoveryFile: string;
  /** Changes read back from the damaged file (all of them are in the recovery file). */
  readable: number;
  /** Of those, the ones put on the needs-attention list to be sent again or discarded. */
  requeued: number;
}

/** SQLite's word for a file that is not (or no longer) a readable database. */
export function isDamagedDatabase(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB')
  );
}

/**
 * Opens a profile; when its database turns out to be damaged, rebuilds it (below) and opens the
 * new one, whose first sync fetches everything from the server again.
 */
export async function openProfileRebuildingDamage(
  profile: Profile,
  deps: OpenProfileDeps,
  now: () => Date,
): Promise<ActiveProfile> {
  try {
    return await openActiveProfile(profile, deps);
  } catch (error) {
    if (!isDamagedDatabase(error)) throw error;
    deps.logger.error('the profile database is damaged; rebuilding it from the server', {
      error,
    });
    const recovery = await recoverDamagedProfile({
      store: deps.store,
      dataDir: deps.dataDir,
      profileId: profile.id,
      now: now(),
    });
    deps.logger.warn('moved the damaged profile database aside and kept its queued changes', {
      readable: recovery.readable,
      requeued: recovery.requeued,
    });
    const active = await openActiveProfile(profile, deps);
    // who is signed in was in the lost file: the session's refresh tells it again (when online)
    if (!(await active.user())) await active.session.renew().catch(() => false);
    return active;
  }
}

/**
 * A profile database that can no longer be read is moved aside (kept, for support), the changes
 * it still yields are written to a recovery file beside it, and a new database is started that
 * holds them on the needs-attention list with a notice saying what happened. The caller then
 * opens the profile as usual and its first sync rebuilds everything else from the server.
 */
export async function recoverDamagedProfile(args: {
  store: Store;
  dataDir: string;
  profileId: string;
  now: Date;
}): Promise<ProfileRecovery> {
  const file = profileDatabaseFile(args.dataDir, args.profileId);
  const folder = dirname(file);
  const stamp = args.now.toISOString().replace(/[:.]/g, '-');
  const damagedFile = join(folder, `${args.profileId}.damaged-${stamp}.sqlite`);
  const recoveryFile = join(folder, `${args.profileId}.recovered-${stamp}.json`);
  // The write-ahead log and its index move with the file: left behind, they would be read into
  // the new database, and they may hold the latest changes.
  renameSync(file, damagedFile);
  for (const suffix of ['-wal', '-shm'])
    if (existsSync(file + suffix)) renameSync(file + suffix, damagedFile + suffix);

  const salvaged: SalvagedQueue = args.store.salvage
    ? await args.store.salvage(damagedFile)
    : {
        clientId: null,
        sessionUser: null,
        changes: [],
        localRows: {},
        problems: ['this store cannot read damaged files'],
      };
  const at = args.now.toISOString();
  const requeue = salvaged.changes.filter((c) => c.state !== 'acked');
  writeFileSync(recoveryFile, recoveryFileText(salvaged, { at, damagedFile }), { mode: 0o600 });

  const items: RecoveredItem[] = requeue.map((change) => recoveredItem(change, at));
  items.push({
    id: `local-rebuilt-${stamp}`,
    target: 'local',
    name: REBUILT_NOTICE,
    args: {
      recoveryFile,
      damagedFile,
      recovered: salvaged.changes.length,
    },
    entityId: null,
    code: REBUILT_CODE,
    message: rebuiltMessage(salvaged, requeue.length, recoveryFile),
    createdAt: at,
    failedAt: at,
  });
  const db = await args.store.open(file, 'profile');
  try {
    await db.write('attention.restoreRecovered', {
      clientId: salvaged.clientId,
      sessionUser: salvaged.sessionUser,
      items,
      localRows: salvaged.localRows,
    });
  } finally {
    await db.close();
  }
  return {
    damagedFile,
    recoveryFile,
    readable: salvaged.changes.length,
    requeued: requeue.length,
  };
}

function recoveredItem(change: SalvagedChange, at: string): RecoveredItem {
  const refused = change.state === 'refused';
  return {
    id: change.id,
    target: change.target,
    name: change.name,
    args: change.args,
    entityId: change.entityId,
    code: refused ? (change.code ?? 'refused') : RECOVERED_CODE,
    message: refused
      ? (change.message ?? '')
      : 'Recovered from the damaged local database; it may not have reached the server. Retry sends it again (the server applies it only once), or discard it.',
    createdAt: change.createdAt,
    failedAt: at,
  };
}

function rebuiltMessage(salvaged: SalvagedQueue, requeued: number, recoveryFile: string): string {
  const where = `The damaged file was moved aside, and everything else is fetched from the server again. Recovery file: ${recoveryFile}`;
  if (salvaged.changes.length === 0)
    return `The local database was damaged. No queued change could be read from it, so any change made here that had not reached the server is lost; the recovery file says what could not be read. ${where}`;
  return `The local database was damaged. ${salvaged.changes.length} queued change${
    salvaged.changes.length === 1 ? ' was' : 's were'
  } read from it and saved to a recovery file; ${requeued} of them ${
    requeued === 1 ? 'is' : 'are'
  } listed here to send again or discard. ${where}`;
}

function recoveryFileText(
  salvaged: SalvagedQueue,
  context: { at: string; damagedFile: string },
): string {
  return `${JSON.stringify(
    {
      about:
        salvaged.changes.length > 0
          ? 'Changes read from a damaged Gatedesk database. "pending" ones may not have reached the server; "acked" ones had; "refused" ones were waiting for a decision.'
          : 'No change could be read from the damaged Gatedesk database.',
      detectedAt: context.at,
      damagedFile: basename(context.damagedFile),
      changes: salvaged.changes,
      // rows that exist only on this computer (PTI site settings, saved views), copied over
      keptOnThisComputer: Object.fromEntries(
        Object.entries(salvaged.localRows).map(([table, rows]) => [table, rows.length]),
      ),
      unreadable: salvaged.problems,
    },
    null,
    2,
  )}\n`;
}
