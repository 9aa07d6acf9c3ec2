import { resolve } from 'node:path';

export interface StandaloneSettings {
  host: string;
  port: number;
  dataDir: string;
}

/** Reads the standalone server's settings from the environment; bad values come back as a sentence to show. */
export function readStandaloneSettings(
  env: NodeJS.ProcessEnv,
  cwd: string,
): { ok: true; settings: StandaloneSettings } | { ok: false; message: string } {
  if (env.DATABASE_URL) {
    return {
      ok: false,
      message:
        'DATABASE_URL is set, but this server runs only on its embedded database for now; external ' +
        'PostgreSQL support arrives with the full support server. Unset DATABASE_URL to use the ' +
        'embedded database (GATEDESK_SERVER_DATA chooses where it lives).',
    };
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
  return { ok: true, settings: { host, port, dataDir } };
}
