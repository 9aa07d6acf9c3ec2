import { arch, platform, release } from 'node:os';
import type { ProblemReport } from '../../../src-shared/domain/desktop.js';
import type { SyncState } from '../../../src-shared/domain/sync.js';
import { logsDir as defaultLogsDir } from '../logging/log-files.js';
import type { AppSettingsService } from '../settings/app-settings.js';
import { reportsDir, writeProblemReport } from './problem-report.js';

export interface ProblemReporterDeps {
  dataDir: string;
  /** Defaults to the data folder's `logs/`, where every Gatedesk process writes. */
  logsDir?: string | undefined;
  version: string;
  shell: 'electron' | 'web';
  settings: Pick<AppSettingsService, 'get'>;
  syncState: () => Promise<SyncState>;
  /** Exact values to strip, asked for at report time (they may change during a run). */
  knownSecrets?: (() => readonly string[]) | undefined;
}

/** `app.reportProblem`: the report of this installation, as a support agent needs it. */
export function createProblemReporter(
  deps: ProblemReporterDeps,
): (input: { description?: string | undefined }) => Promise<ProblemReport> {
  return async ({ description }) => {
    const [settings, sync] = await Promise.all([deps.settings.get(), deps.syncState()]);
    const about = {
      app: { name: 'Gatedesk', version: deps.version, shell: deps.shell },
      system: { platform: platform(), release: release(), arch: arch() },
      runtime: {
        node: process.versions.node,
        electron: process.versions.electron ?? null,
        chrome: process.versions.chrome ?? null,
      },
      settings,
      sync,
      writtenAt: new Date().toISOString(),
    };
    return writeProblemReport({
      logsDir: deps.logsDir ?? defaultLogsDir(deps.dataDir),
      outDir: reportsDir(deps.dataDir),
      about,
      description,
      knownSecrets: deps.knownSecrets?.() ?? [],
    });
  };
}
