import { copyFile, mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { CONTENT_HEAD_BYTES } from '../../src-shared/attachment-content.js';
import { calls } from '../../src-shared/contract.js';
import { describeZodError, fail, type Result } from '../../src-shared/result.js';
import type { Core } from '../core/core-types.js';
import { attachmentOpenDecision } from './attachment-open-policy.js';

/**
 * The desktop shell's answer to `attachments.openInViewer`: the core finds (or downloads) the
 * file, the policy decides whether it may be opened, and a copy named with its own extension
 * (blobs are stored by sha256, without one) goes to the system's viewer. Everything else passes
 * through to the core. `openPath` is Electron's shell.openPath: '' on success, else why not.
 */
export function withAttachmentViewer(
  core: Core,
  options: { viewerDir: string; openPath(path: string): Promise<string> },
): Core {
  const openInViewer = async (input: unknown): Promise<Result<{ opened: true }>> => {
    const parsed = calls['attachments.openInViewer'].input.safeParse(input);
    if (!parsed.success) return { ok: false, error: describeZodError(parsed.error) };
    const { sha256, name } = parsed.data;
    const located = await core.dispatch('attachments.open', { sha256 }, { shell: 'electron' });
    if (!located.ok) return located;
    const path = (located.value as { path: string }).path;
    const decision = attachmentOpenDecision({ name, head: await readHead(path) });
    if (decision.action === 'refuse') return fail('forbidden', decision.reason);
    const folder = join(options.viewerDir, sha256);
    await mkdir(folder, { recursive: true });
    const copy = join(folder, decision.fileName);
    await copyFile(path, copy);
    const problem = await options.openPath(copy);
    if (problem) return fail('unavailable', `The file could not be opened: ${problem}`);
    return { ok: true, value: { opened: true } };
  };
  return {
    ...core,
    dispatch: (method, input, ctx) =>
      method === 'attachments.openInViewer'
        ? openInViewer(input)
        : core.dispatch(method, input, ctx),
  };
}

async function readHead(path: string): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(CONTENT_HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, CONTENT_HEAD_BYTES, 0);
    return new Uint8Array(buffer.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}
