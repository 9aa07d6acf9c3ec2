import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { unitNamePattern } from './unit-names.js';

export const Unit = z.object({
  name: z.string().regex(unitNamePattern, 'a PTI unit name is 1–10 characters with no spaces'),
  occupied: z.boolean(),
  overlocked: z.boolean(),
});
export type Unit = z.infer<typeof Unit>;

export const GatewaySite = z.object({
  code: z.string().min(1),
  name: z.string(),
  timezone: z.string(),
  siteKey: z.string().min(1),
  username: z.string().min(1),
  password: z.string().min(1),
  units: z.array(Unit),
});
export type GatewaySite = z.infer<typeof GatewaySite>;

export const GatewayState = z.object({ format: z.literal(1), sites: z.array(GatewaySite) });
export type GatewayState = z.infer<typeof GatewayState>;

export const stateFileName = 'pti-gateway-state.json';

export interface StateStore {
  readonly state: GatewayState;
  /** Persists the current state; a crash mid-write leaves the previous file intact. */
  save(): Promise<void>;
}

/**
 * Loads the emulator's state from `dataDir`, or starts from `initial` (and writes it) when there
 * is no file yet. Without a data directory the state lives in memory only.
 */
export async function openStateStore(
  dataDir: string | undefined,
  initial: () => GatewayState,
): Promise<StateStore> {
  if (!dataDir) {
    const state = initial();
    return { state, save: async () => {} };
  }
  await mkdir(dataDir, { recursive: true });
  const file = join(dataDir, stateFileName);
  const existing = await readState(file);
  const state = existing ?? initial();
  const store = { state, save: () => writeAtomically(file, JSON.stringify(state, null, 2) + '\n') };
  if (!existing) await store.save();
  return store;
}

async function readState(file: string): Promise<GatewayState | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(
      `The PTI gateway state file ${file} is not valid JSON. Repair it, or delete it to start again from the demo data.`,
    );
  }
  const parsed = GatewayState.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'the file';
    throw new Error(
      `The PTI gateway state file ${file} is not valid (${where}: ${issue?.message}). ` +
        'Repair it, or delete it to start again from the demo data.',
    );
  }
  return parsed.data;
}

// The file holds site passwords, so it is readable by its owner only.
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
