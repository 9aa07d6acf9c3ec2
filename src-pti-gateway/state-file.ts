import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { siteConsistencyProblem } from './site-checks.js';
import { SiteState, stateFormat } from './state.js';
import type { GatewayState } from './state.js';

/**
 * On disk: an index naming the sites, and one file per site. A command changes one site, so it
 * rewrites only that site's file (its state, event log and stored replies together, so an effect
 * and the reply that makes it idempotent are saved in the same atomic rename).
 */
export const stateFileName = 'pti-gateway-state.json';
export const sitesDirName = 'sites';
/** The first emulator's single file held only demo data, so it is replaced (and kept beside it). */
export const legacyBackupName = 'pti-gateway-state.format1.json';

const StateIndex = z.object({ format: z.literal(stateFormat), sites: z.array(z.string().min(1)) });

export interface StateStore {
  readonly state: GatewayState;
  /**
   * Persists one site. Writes of a site are serialised and coalesced: a change made before a
   * pending write starts is in that write. A crash mid-write leaves the previous file intact.
   */
  save(siteCode: string): Promise<void>;
  /** Resolves once every write asked for so far has finished. */
  flush(): Promise<void>;
}

export function siteFileName(siteCode: string): string {
  return `${siteCode.replace(/[^A-Za-z0-9_-]/g, '_')}.json`;
}

/**
 * Loads the emulator's state from `dataDir`, or starts from `initial` (and writes it) when there
 * is none yet. Without a data directory the state lives in memory only.
 */
export async function openStateStore(
  dataDir: string | undefined,
  initial: () => GatewayState,
): Promise<StateStore> {
  if (!dataDir) {
    const state = initial();
    return { state, save: async () => {}, flush: async () => {} };
  }
  const sitesDir = join(dataDir, sitesDirName);
  await mkdir(sitesDir, { recursive: true, mode: 0o700 });
  const indexFile = join(dataDir, stateFileName);
  const existing = await readState(dataDir);
  const state = existing ?? initial();

  const writers = new Map<string, { chain: Promise<void>; pending: Promise<void> | null }>();
  const save = (siteCode: string) => {
    const writer = writers.get(siteCode) ?? { chain: Promise.resolve(), pending: null };
    writers.set(siteCode, writer);
    if (writer.pending) return writer.pending;
    const next = writer.chain
      .catch(() => {})
      .then(() => {
        writer.pending = null;
        const site = state.sites.find((s) => s.code === siteCode);
        if (!site) return;
        return writeAtomically(join(sitesDir, siteFileName(siteCode)), JSON.stringify(site));
      });
    writer.pending = next;
    writer.chain = next;
    return next;
  };
  const flush = async () => {
    await Promise.all([...writers.values()].map((w) => w.chain.catch(() => {})));
  };
  if (!existing) {
    await Promise.all(state.sites.map((site) => save(site.code)));
    // The index goes last: its presence says every site file is complete.
    const index = { format: stateFormat, sites: state.sites.map((s) => s.code) };
    await writeAtomically(indexFile, JSON.stringify(index, null, 2) + '\n');
  }
  return { state, save, flush };
}

const recover = 'Repair it, or delete the folder to start again from the demo data.';

async function readJson(file: string): Promise<unknown> {
  const text = await readFile(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`The PTI gateway state file ${file} is not valid JSON. ${recover}`);
  }
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue?.path.length ? issue.path.join('.') : 'the file'}: ${issue?.message}`;
}

async function readState(dataDir: string): Promise<GatewayState | null> {
  const indexFile = join(dataDir, stateFileName);
  let index: unknown;
  try {
    index = await readJson(indexFile);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  if ((index as { format?: unknown } | null)?.format === 1) {
    await copyFile(indexFile, join(dataDir, legacyBackupName));
    return null;
  }
  const parsedIndex = StateIndex.safeParse(index);
  if (!parsedIndex.success)
    throw new Error(
      `The PTI gateway state file ${indexFile} is not valid (${describeIssue(parsedIndex.error)}). ${recover}`,
    );
  const sites: SiteState[] = [];
  for (const code of parsedIndex.data.sites) {
    const file = join(dataDir, sitesDirName, siteFileName(code));
    let json: unknown;
    try {
      json = await readJson(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      throw new Error(`The PTI gateway state file ${file} for site ${code} is missing. ${recover}`);
    }
    const parsed = SiteState.safeParse(json);
    if (!parsed.success)
      throw new Error(
        `The PTI gateway state file ${file} is not valid (${describeIssue(parsed.error)}). ${recover}`,
      );
    const problem = siteConsistencyProblem(parsed.data);
    if (problem)
      throw new Error(
        `The PTI gateway state file ${file} is not valid (site ${code}: ${problem.message}). ${recover}`,
      );
    sites.push(parsed.data);
  }
  return { format: stateFormat, sites };
}

// Site files hold site passwords and access codes, so they are readable by their owner only.
async function writeAtomically(file: string, content: string): Promise<void> {
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temp, content, { encoding: 'utf8', mode: 0o600, flush: true });
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
