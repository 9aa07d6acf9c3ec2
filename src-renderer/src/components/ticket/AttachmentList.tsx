import type { AttachmentRef } from '../../../../src-shared/attachments';
import { errorMessage } from '../../api/client';
import { useOpenAttachment } from '../../api/mutations';
import { formatBytes } from '../../format/attachments';

/** A message's files. "Open" fetches the file into the local cache (or finds it there). */
export function AttachmentList({ attachments }: { attachments: readonly AttachmentRef[] }) {
  return (
    <ul className="attachments" aria-label="Attachments">
      {attachments.map((attachment) => (
        <AttachmentItem key={attachment.sha256} attachment={attachment} />
      ))}
    </ul>
  );
}

function AttachmentItem({ attachment }: { attachment: AttachmentRef }) {
  const open = useOpenAttachment();
  return (
    <li className="attachments__item">
      <span className="attachments__name">{attachment.name}</span>
      <span className="attachments__size">{formatBytes(attachment.size)}</span>
      <button
        type="button"
        className="link-button"
        disabled={open.isPending}
        onClick={() => open.mutate({ sha256: attachment.sha256 })}
        aria-label={`Open ${attachment.name}`}
      >
        {open.isPending ? 'Fetching…' : 'Open'}
      </button>
      {open.data ? (
        <span className="attachments__path" role="status">
          Saved on this computer at <code>{open.data.path}</code>
        </span>
      ) : null}
      {open.isError ? (
        <span className="attachments__error" role="alert">
          {errorMessage(open.error)}
        </span>
      ) : null}
    </li>
  );
}
