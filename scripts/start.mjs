// `npm start`: build if needed, then open the desktop window; where Electron cannot run,
// say so in one line and serve the same app to a browser from the loopback web host.
// Flags: --web (skip Electron), --no-download (do not try to fetch the Electron binary).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { buildIfNeeded, root } from './build-if-needed.mjs';
import { electronBinaryPath, tryDownloadElectron } from './electron-binary.mjs';

const args = new Set(process.argv.slice(2));

function run(command, commandArgs, env = process.env) {
  const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit', env });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

async function main() {
  try {
    buildIfNeeded();
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
  if (!args.has('--web') && process.env.GATEDESK_WEB !== '1') {
    let binary = electronBinaryPath();
    let reason = 'the Electron binary is not installed';
    if (
      !binary &&
      !args.has('--no-download') &&
      process.env.GATEDESK_NO_ELECTRON_DOWNLOAD !== '1'
    ) {
      const attempt = await tryDownloadElectron();
      binary = electronBinaryPath();
      if (!attempt.ok)
        reason = `the Electron binary is missing and could not be downloaded (${attempt.reason})`;
    }
    if (binary) return run(binary, [root]);
    console.log(`Electron unavailable: ${reason}; starting the Gatedesk web host instead.`);
  }
  run(process.execPath, [join(root, 'out', 'main', 'host.js')]);
}

void main();
