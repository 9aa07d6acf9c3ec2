import { useState } from 'react';
import type { AttachmentRef } from '../../../../src-shared/attachments';
import { localFilePaths } from '../../api/bridge';
import { errorMessage } from '../../api/client';
import { useStageFile } from '../../api/mutations';
import { checkAttachmentFiles } from '../../format/attachments';

export interface AttachmentPicker {
  attachments: AttachmentRef[];
  refusals: { name: string; reason: string }[];
  /** False in a browser: it gives no file paths, and the web host has no upload route yet. */
  canAttach: boolean;
  staging: boolean;
  addFiles(files: readonly File[]): Promise<void>;
  remove(sha256: string): void;
  /** Clears only if the list is still the one that was sent. */
  clearSent(sent: readonly AttachmentRef[]): void;
}

/**
 * Files for a message or a new ticket: checked against the allow-list and limits at once, then
 * copied into Gatedesk by the core (attachments.stageFile), which checks their content too.
 */
export function useAttachmentPicker(): AttachmentPicker {
  const stage = useStageFile();
  const files = localFilePaths();
  const [attachments, setAttachments] = useState<AttachmentRef[]>([]);
  const [refusals, setRefusals] = useState<{ name: string; reason: string }[]>([]);

  async function addFiles(list: readonly File[]) {
    if (!files) {
      setRefusals(
        list.map((file) => ({
          name: file.name,
          reason: 'files can be attached in the desktop app; a browser window cannot reach them',
        })),
      );
      return;
    }
    const check = checkAttachmentFiles(list, attachments.length);
    const refused = [...check.refused];
    const staged: AttachmentRef[] = [];
    for (const file of check.accepted) {
      try {
        staged.push(await stage.mutateAsync({ path: files.pathForFile(file), name: file.name }));
      } catch (error) {
        refused.push({ name: file.name, reason: errorMessage(error) });
      }
    }
    setRefusals(refused);
    if (staged.length) setAttachments((current) => [...current, ...staged]);
  }

  return {
    attachments,
    refusals,
    canAttach: files !== null,
    staging: stage.isPending,
    addFiles,
    remove: (sha256) => setAttachments((current) => current.filter((f) => f.sha256 !== sha256)),
    clearSent: (sent) => {
      setAttachments((current) => (current === sent ? [] : current));
      setRefusals([]);
    },
  };
}
