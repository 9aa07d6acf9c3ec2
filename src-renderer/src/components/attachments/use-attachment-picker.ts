import { useState } from 'react';
import type { AttachmentRef } from '../../../../src-shared/attachments';
import { uploadAttachment } from '../../api/attachment-upload';
import { localFilePaths } from '../../api/bridge';
import { call, errorMessage } from '../../api/client';
import { checkAttachmentFiles } from '../../format/attachments';

export interface AttachmentPicker {
  attachments: AttachmentRef[];
  refusals: { name: string; reason: string }[];
  /** Whether files can be attached in this window (the desktop app and the web host both can). */
  canAttach: boolean;
  staging: boolean;
  addFiles(files: readonly File[]): Promise<void>;
  remove(sha256: string): void;
  /** Clears only if the list is still the one that was sent. */
  clearSent(sent: readonly AttachmentRef[]): void;
}

/**
 * Staging one file: in the desktop app the core copies it from its local path; in a browser,
 * which has no paths, its bytes go to the web host's upload route, which stages them the same way.
 */
function stageFile(file: File): Promise<AttachmentRef> {
  const paths = localFilePaths();
  if (paths)
    return call('attachments.stageFile', { path: paths.pathForFile(file), name: file.name });
  return uploadAttachment(file);
}

/**
 * Files for a message or a new ticket: checked against the allow-list and limits at once, then
 * staged by the core, which checks their content too. A refusal names the file and the reason;
 * what was typed and the files already attached stay as they are.
 */
export function useAttachmentPicker(): AttachmentPicker {
  const [attachments, setAttachments] = useState<AttachmentRef[]>([]);
  const [refusals, setRefusals] = useState<{ name: string; reason: string }[]>([]);
  const [staging, setStaging] = useState(0);

  async function addFiles(list: readonly File[]) {
    const check = checkAttachmentFiles(list, attachments.length);
    const refused = [...check.refused];
    const staged: AttachmentRef[] = [];
    setStaging((n) => n + 1);
    try {
      for (const file of check.accepted) {
        try {
          const ref = await stageFile(file);
          if ([...attachments, ...staged].some((a) => a.sha256 === ref.sha256))
            refused.push({ name: file.name, reason: 'the same file is already attached' });
          else staged.push(ref);
        } catch (error) {
          refused.push({ name: file.name, reason: errorMessage(error) });
        }
      }
    } finally {
      setStaging((n) => n - 1);
    }
    setRefusals(refused);
    if (staged.length) setAttachments((current) => [...current, ...staged]);
  }

  return {
    attachments,
    refusals,
    canAttach: true,
    staging: staging > 0,
    addFiles,
    remove: (sha256) => setAttachments((current) => current.filter((f) => f.sha256 !== sha256)),
    clearSent: (sent) => {
      setAttachments((current) => (current === sent ? [] : current));
      setRefusals([]);
    },
  };
}
