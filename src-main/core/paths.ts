import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where Electron's app.getPath('userData') would put Gatedesk's data, for the web host to share. */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform = process.platform,
): string {
  if (env.GATEDESK_DATA_DIR) return env.GATEDESK_DATA_DIR;
  if (platform === 'win32')
    return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Gatedesk');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Gatedesk');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Gatedesk');
}

export const appDatabaseFile = (dataDir: string) => join(dataDir, 'gatedesk.sqlite');
export const profileDatabaseFile = (dataDir: string, profileId: string) =>
  join(dataDir, 'profiles', `${profileId}.sqlite`);
