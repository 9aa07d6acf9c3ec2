import { useState } from 'react';
import { isImageName } from '../../../../src-shared/attachment-content';
import type { AttachmentRef } from '../../../../src-shared/attachments';
import { attachmentUrl } from '../../api/attachment-upload';
import { localFilePaths } from '../../api/bridge';
import { errorMessage, isApiError } from '../../api/client';
import { useOpenAttachment, useOpenInViewer } from '../../api/mutations';
import { formatBytes } from '../../format/attachments';
import { AttachmentThumbnail, AttachmentViewer } from '../attachments/AttachmentThumbnail';

/**
 * A message's files, images with a thumbnail. In the desktop app "Open" hands an image or
 * document to the system's viewer (anything else is only saved, and where is shown); in a
 * browser an image opens large in the app and other files download.
 */
export function AttachmentList({ attachments }: { attachments: readonly AttachmentRef[] }) {
  const desktop = localFilePaths() !== null;
  return (
    <ul className="attachments" aria-label="Attachments">
      {attachments.map((attachment) => (
        <AttachmentItem key={attachment.sha256} attachment={attachment} desktop={desktop} />
      ))}
    </ul>
  );
}

function AttachmentItem({ attachment, desktop }: { attachment: AttachmentRef; desktop: boolean }) {
  const image = isImageName(attachment.name);
  const [large, setLarge] = useState(false);
  const openInViewer = useOpenInViewer();
  const locate = useOpenAttachment();
  const open = () => {
    if (!desktop) return setLarge(true);
    openInViewer.mutate(
      { sha256: attachment.sha256, name: attachment.name },
      {
        // refused by the policy: say why, and where the file is saved instead
        onError: (error) => {
          if (isApiError(error) && error.code === 'forbidden')
            locate.mutate({ sha256: attachment.sha256 });
        },
      },
    );
  };
  const busy = openInViewer.isPending || locate.isPending;
  return (
    <li className="attachments__item">
      {image ? (
        <AttachmentThumbnail attachment={attachment} desktop={desktop} onOpen={open} />
      ) : null}
      <span className="attachments__name">{attachment.name}</span>
      <span className="attachments__size">{formatBytes(attachment.size)}</span>
      {desktop || image ? (
        <button
          type="button"
          className="link-button"
          disabled={busy}
          onClick={open}
          aria-label={`Open ${attachment.name}`}
        >
          {busy ? 'Fetching…' : 'Open'}
        </button>
      ) : (
        <a
          className="link-button"
          href={attachmentUrl(attachment.sha256, attachment.name)}
          download={attachment.name}
          aria-label={`Download ${attachment.name}`}
        >
          Download
        </a>
      )}
      {openInViewer.isError ? (
        <span className="attachments__error" role="alert">
          {errorMessage(openInViewer.error)}
        </span>
      ) : null}
      {locate.data ? (
        <span className="attachments__path" role="status">
          Saved on this computer at <code>{locate.data.path}</code>
        </span>
      ) : null}
      {locate.isError ? (
        <span className="attachments__error" role="alert">
          {errorMessage(locate.error)}
        </span>
      ) : null}
      {large ? <AttachmentViewer attachment={attachment} onClose={() => setLarge(false)} /> : null}
    </li>
  );
}
