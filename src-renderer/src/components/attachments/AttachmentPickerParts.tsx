import { useRef } from 'react';
import { allowedAttachmentExtensions } from '../../../../src-shared/attachments';
import { formatBytes } from '../../format/attachments';
import type { AttachmentPicker } from './use-attachment-picker';

const acceptList = allowedAttachmentExtensions.map((extension) => `.${extension}`).join(',');

/** The files chosen so far, and why any were refused. */
export function AttachmentChosen({ picker }: { picker: AttachmentPicker }) {
  return (
    <>
      {picker.attachments.length > 0 ? (
        <ul className="chosen-files" aria-label="Files to send">
          {picker.attachments.map((file) => (
            <li key={file.sha256} className="chosen-files__item">
              {file.name} <span className="is-muted">{formatBytes(file.size)}</span>
              <button
                type="button"
                className="button button--small button--quiet"
                aria-label={`Remove ${file.name}`}
                onClick={() => picker.remove(file.sha256)}
              >
                ✕
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {picker.refusals.length > 0 ? (
        <ul className="chosen-files__refusals" role="alert">
          {picker.refusals.map((refusal) => (
            <li key={refusal.name}>{refusalSentence(refusal)}</li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

/** The core's reasons are whole sentences that name the file; the quick checks' are phrases. */
function refusalSentence({ name, reason }: { name: string; reason: string }): string {
  const sentence = reason.startsWith(name) ? reason : `${name} was not attached: ${reason}`;
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

/** "Attach files": a file picker, in the desktop app and in a browser through the web host. */
export function AttachButton({ picker }: { picker: AttachmentPicker }) {
  const input = useRef<HTMLInputElement>(null);
  if (!picker.canAttach) {
    return <span className="attach-note">Attachments cannot be added in this window.</span>;
  }
  return (
    <>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        accept={acceptList}
        onChange={(event) => {
          const picked = [...(event.target.files ?? [])];
          event.target.value = '';
          void picker.addFiles(picked);
        }}
      />
      <button
        type="button"
        className="button button--small"
        disabled={picker.staging}
        onClick={() => input.current?.click()}
      >
        {picker.staging ? 'Adding files…' : 'Attach files'}
      </button>
    </>
  );
}
