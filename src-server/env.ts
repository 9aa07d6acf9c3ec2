import { resolve } from 'node:path';

export interface StandaloneSettings {
  host: string;
  port: number;
  /** PostgreSQL to use (DATABASE_URL); null runs on the embedded store in `dataDir`. */
  databaseUrl: string | null;
  dataDir: string;
  /** Demo data goes into an empty embedded store by default, never into PostgreSQL unless asked. */
  seed: 'demo' | 'none';
}

/** Reads the standalone server's settings from the environment; bad values come back as a sentence to show. */
export function readStandaloneSettings(
  env: NodeJS.ProcessEnv,
  cwd: string,
): { ok: true; settings: StandaloneSettings } | { ok: false; message: string } {
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl !== null && !/^postgres(ql)?:\/\/[^\s]+$/.test(databaseUrl)) {
    return {
      ok: false,
      message:
        'DATABASE_URL must be a PostgreSQL connection string such as ' +
        'postgres://gatedesk:password@db.example.com:5432/gatedesk.',
    };
  }
  const seedText = env.GATEDESK_SEED?.trim() || (databaseUrl === null ? 'demo' : 'none');
  if (seedText !== 'demo' && seedText !== 'none') {
    return { ok: false, message: `GATEDESK_SEED must be "demo" or "none"; it is "${seedText}".` };
  }
  const portText = env.PORT ?? '4000';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) {
    return {
      ok: false,
      message: `PORT must be a whole number from 0 to 65535; it is "${portText}".`,
    };
  }
  const host = env.HOST?.trim() || '127.0.0.1';
  const dataDir = resolve(cwd, env.GATEDESK_SERVER_DATA?.trim() || '.data/server');
  return { ok: true, settings: { host, port, databaseUrl, dataDir, seed: seedText } };
}
