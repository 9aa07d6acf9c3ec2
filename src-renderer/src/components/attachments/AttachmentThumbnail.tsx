import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState, type RefObject } from 'react';
import type { AttachmentRef } from '../../../../src-shared/attachments';
import { attachmentUrl } from '../../api/attachment-upload';
import { call } from '../../api/client';
import { Dialog } from '../common/Dialog';
import './attachments.css';

/**
 * A small preview of an image attachment, loaded only when it scrolls into view. In a browser
 * the web host serves the image (same origin, checked by content, sandboxed); in the desktop app
 * the core hands over the bytes of a verified image (attachments.preview) and the page shows
 * them from a blob: URL, so the window's Content-Security-Policy stays 'self'-only.
 */
export function AttachmentThumbnail({
  attachment,
  desktop,
  onOpen,
}: {
  attachment: AttachmentRef;
  desktop: boolean;
  onOpen(): void;
}) {
  const button = useRef<HTMLButtonElement>(null);
  const visible = useSeen(button);
  const desktopSource = useDesktopPreview(attachment.sha256, desktop && visible);
  const source = desktop ? desktopSource : attachmentUrl(attachment.sha256, attachment.name);
  return (
    <button
      ref={button}
      type="button"
      className="attachment-thumbnail"
      onClick={onOpen}
      aria-label={`Open ${attachment.name} large`}
      data-testid="attachment-thumbnail"
    >
      {source ? (
        <img src={source} alt="" loading="lazy" className="attachment-thumbnail__image" />
      ) : (
        <span className="attachment-thumbnail__placeholder" aria-hidden="true" />
      )}
    </button>
  );
}

/** The image at full size, inside the app, for the web host. */
export function AttachmentViewer({
  attachment,
  onClose,
}: {
  attachment: AttachmentRef;
  onClose(): void;
}) {
  const url = attachmentUrl(attachment.sha256, attachment.name);
  return (
    <Dialog
      open
      onOpenChange={(open) => (open ? undefined : onClose())}
      title={attachment.name}
      size="large"
      testId="attachment-viewer"
    >
      <img src={url} alt={attachment.name} className="attachment-viewer__image" />
      <p>
        <a href={url} download={attachment.name}>
          Download {attachment.name}
        </a>
      </p>
    </Dialog>
  );
}

/** True once the element has come into view (stays true). */
function useSeen(ref: RefObject<Element | null>): boolean {
  const [seen, setSeen] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (seen || !element) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) setSeen(true);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref, seen]);
  return seen;
}

/**
 * A blob: URL of the verified image bytes. Kept for the session per sha256 (the bytes behind a
 * sha256 never change), so scrolling back and forth does not fetch them again.
 */
function useDesktopPreview(sha256: string, enabled: boolean): string | null {
  const preview = useQuery({
    queryKey: ['attachment_preview', sha256],
    queryFn: async () => {
      const { base64, contentType } = await call('attachments.preview', { sha256 });
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      return URL.createObjectURL(new Blob([bytes], { type: contentType }));
    },
    enabled,
    staleTime: Infinity,
    gcTime: Infinity,
    retry: false,
  });
  return preview.data ?? null;
}
