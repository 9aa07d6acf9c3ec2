import { readFile, realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { CONTENT_HEAD_BYTES, imageTypeOf } from '../../../src-shared/attachment-content.js';
import type { ActiveProfile } from '../active-profile.js';
import type { Handlers } from '../api/dispatch.js';
import { ServiceError } from '../api/errors.js';
import { NetworkError, ServerError } from '../sync/support-client.js';

type AttachmentCalls =
  'attachments.stageFile' | 'attachments.open' | 'attachments.preview' | 'attachments.openInViewer';

export function attachmentHandlers(deps: {
  active(): Promise<ActiveProfile>;
  now?: () => Date;
  /** Gatedesk's own data folder: its key file and databases are never attachments. */
  dataDir?: string;
}): Pick<Handlers, AttachmentCalls> {
  const now = deps.now ?? (() => new Date());

  /** Where the attachment is on this computer, downloading it first when it is not cached. */
  async function localCopy(sha256: string): Promise<string> {
    const p = await deps.active();
    if (await p.blobs.has(sha256)) return p.blobs.pathOf(sha256);
    const token = await p.session.accessToken();
    if (!token) throw new ServiceError('unauthorized', 'Sign in to download this attachment.');
    try {
      const bytes = await p.client.getBlob(token, sha256);
      const path = await p.blobs.storeDownloaded(sha256, bytes);
      await p.db.write('blobs.record', {
        sha256,
        size: bytes.length,
        state: 'cached',
        at: now().toISOString(),
      });
      return path;
    } catch (error) {
      if (error instanceof NetworkError) {
        throw new ServiceError(
          'unavailable',
          'This attachment has not been downloaded yet and the server cannot be reached. Try again when online.',
        );
      }
      if (error instanceof ServerError && (error.status === 404 || error.status === 403)) {
        throw new ServiceError('not_found', 'The server has no such attachment for you.');
      }
      throw error;
    }
  }

  return {
    'attachments.stageFile': async ({ path, name }) => {
      if (deps.dataDir && (await isInside(path, deps.dataDir)))
        throw new ServiceError(
          'forbidden',
          "Files in Gatedesk's own data folder (its databases and key) cannot be attached. To send logs, use Help → Report a Problem.",
        );
      const p = await deps.active();
      const ref = await p.blobs.stageFile(path, name);
      await p.db.write('blobs.record', {
        sha256: ref.sha256,
        size: ref.size,
        state: 'staged',
        at: now().toISOString(),
      });
      return ref;
    },
    'attachments.open': async ({ sha256 }) => ({ path: await localCopy(sha256) }),
    'attachments.preview': async ({ sha256 }) => {
      const bytes = await readFile(await localCopy(sha256));
      const contentType = imageTypeOf(bytes.subarray(0, CONTENT_HEAD_BYTES));
      if (!contentType)
        throw new ServiceError('invalid_input', 'This attachment is not an image to preview.');
      return { contentType, base64: bytes.toString('base64') };
    },
    'attachments.openInViewer': () => {
      // The desktop shell answers this call itself (src-main/app/attachment-viewer.ts).
      throw new ServiceError(
        'unavailable',
        'Opening in another program works in the desktop app; in a browser, use the attachment link.',
      );
    },
  };
}

/** Whether `path` (after following links) is `folder` or inside it; unreadable paths are not. */
async function isInside(path: string, folder: string): Promise<boolean> {
  const real = (p: string) => realpath(p).catch(() => resolve(p));
  const [target, root] = [await real(path), await real(folder)];
  const rel = relative(root, target);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}
