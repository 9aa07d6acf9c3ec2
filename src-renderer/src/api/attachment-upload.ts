import { AttachmentRef } from '../../../src-shared/attachments';
import { ApiError } from '../../../src-shared/result';

/**
 * The web host's attachment routes (src-main/host/attachment-routes.ts). A browser cannot hand
 * the core a file path, so it sends the file's bytes to the host, which stages them through the
 * core; the answer is the contract's Result, shown like any call's. Same origin: the host's
 * launch cookie goes with every request.
 */

/** Where the web host serves an attachment: inline for images, as a download otherwise. */
export function attachmentUrl(sha256: string, name: string): string {
  return `/attachments/${sha256}?name=${encodeURIComponent(name)}`;
}

export async function uploadAttachment(file: File): Promise<AttachmentRef> {
  let response: Response;
  try {
    response = await fetch(`/attachments?name=${encodeURIComponent(file.name)}`, {
      method: 'POST',
      body: file,
      headers: { 'content-type': 'application/octet-stream' },
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError({
      code: 'unavailable',
      message:
        'the file could not be sent to Gatedesk; check that it is still running and try again',
    });
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new ApiError({
      code: 'internal',
      message: `Gatedesk answered the upload with an unreadable reply (HTTP ${response.status})`,
    });
  }
  const result = body as {
    ok?: unknown;
    value?: unknown;
    error?: { code?: string; message?: unknown };
  };
  if (result.ok === true) {
    const ref = AttachmentRef.safeParse(result.value);
    if (ref.success) return ref.data;
  }
  const message =
    typeof result.error?.message === 'string'
      ? result.error.message
      : `Gatedesk refused the file (HTTP ${response.status})`;
  throw new ApiError({ code: 'invalid_input', message });
}
