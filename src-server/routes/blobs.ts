import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { MAX_ATTACHMENT_BYTES, Sha256 } from '../../src-shared/attachments.js';
import { mayReadBlob, recordBlobUpload } from '../blobs/blob-access.js';
import type { ReceiveRefusal } from '../blobs/blob-store.js';
import { ErrorResponse } from '../http/api-docs.js';
import { authenticate } from '../http/bearer.js';
import { sendError, sendOutcome } from '../http/errors.js';
import { failure, success } from '../outcome.js';
import type { Outcome } from '../outcome.js';
import type { Viewer } from '../viewer.js';
import type { RouteContext } from './context.js';

const BlobParams = z.object({ sha256: Sha256 });
const Stored = z.object({ sha256: z.string(), size: z.number() });
const limitText = `${MAX_ATTACHMENT_BYTES / (1024 * 1024)} MB`;

/**
 * Attachments by content (DESIGN.md, "Sync protocol", blobs): PUT streams a file in under its
 * sha256, HEAD says whether the caller can read it, GET streams it back. Names and the
 * allow-list are checked where a message references the file; here the bytes are checked.
 */
export function registerBlobRoutes(app: FastifyInstance, context: RouteContext): void {
  void app.register(async (blobApp) => {
    // The upload is read by the route itself, as a stream, whatever its content type.
    blobApp.removeAllContentTypeParsers();
    blobApp.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));

    const signedIn = (request: FastifyRequest) => authenticate(context.db, request, context.now());

    blobApp.put(
      '/blobs/:sha256',
      {
        config: {
          docs: {
            summary: 'Upload a file under its sha256',
            description: `The body is the file's bytes. Refused: more than ${limitText} (413), programs recognised by their first bytes whatever the name (415), zip archives (office files included) with an entry that would unpack outside its folder — \`..\`, an absolute path, a backslash, a drive letter, a symbolic link — or with more than 100,000 entries (415), an empty file (400), and content whose sha256 is not the one in the address (400). Uploading a file that is already there is harmless.`,
            tags: ['attachments'],
            signedIn: true,
            params: BlobParams,
            responses: {
              201: Stored,
              400: ErrorResponse,
              401: ErrorResponse,
              413: ErrorResponse,
              415: ErrorResponse,
            },
          },
        },
      },
      async (request, reply) => {
        const viewer = await signedIn(request);
        if (!viewer.ok) return sendOutcome(reply, viewer);
        const sha256 = parseSha(request);
        if (!sha256.ok) return sendOutcome(reply, sha256);

        const declared = Number(request.headers['content-length'] ?? NaN);
        if (declared > MAX_ATTACHMENT_BYTES) {
          // Answered before reading a byte; the connection closes rather than take the rest.
          reply.header('connection', 'close');
          return sendRefusal(reply, { reason: 'too_large', limit: MAX_ATTACHMENT_BYTES });
        }
        const received = await context.blobs.receive(
          request.raw,
          sha256.value,
          MAX_ATTACHMENT_BYTES,
        );
        if (!received.ok) {
          // a refusal that stopped reading part-way leaves the rest unread: close, not drain
          if (received.refusal.reason === 'too_large' || received.refusal.reason === 'executable')
            reply.header('connection', 'close');
          return sendRefusal(reply, received.refusal, sha256.value);
        }
        await recordBlobUpload(context.db, {
          sha256: sha256.value,
          size: received.size,
          head: received.head,
          userId: viewer.value.userId,
          now: context.now(),
        });
        return reply.code(201).send({ sha256: sha256.value, size: received.size });
      },
    );

    const readable = async (
      request: FastifyRequest,
    ): Promise<Outcome<{ viewer: Viewer; sha256: string; size: number }>> => {
      const viewer = await signedIn(request);
      if (!viewer.ok) return viewer;
      const sha256 = parseSha(request);
      if (!sha256.ok) return sha256;
      const size = (await mayReadBlob(context.db, viewer.value, sha256.value))
        ? await context.blobs.sizeOf(sha256.value)
        : null;
      // The same answer for "no such file" and "not yours": a hash reveals nothing.
      if (size === null) {
        return failure(
          'not_found',
          'There is no file with this sha256 that you can see. Upload it first, or ask for access to the ticket it belongs to.',
        );
      }
      return success({ viewer: viewer.value, sha256: sha256.value, size });
    };

    const fileHeaders = (reply: FastifyReply, sha256: string, size: number) =>
      reply
        .header('content-type', 'application/octet-stream')
        .header('content-length', String(size))
        .header('content-disposition', 'attachment')
        .header('x-content-type-options', 'nosniff')
        .header('etag', `"${sha256}"`)
        .header('cache-control', 'private, max-age=31536000, immutable');

    blobApp.head(
      '/blobs/:sha256',
      {
        config: {
          docs: {
            summary: 'Is this file on the server for me?',
            description:
              '200 with its size when the caller uploaded it or may see a ticket that uses it; 404 otherwise (then upload it).',
            tags: ['attachments'],
            signedIn: true,
            params: BlobParams,
            responses: { 200: 'The file is there', 404: 'Upload it' },
          },
        },
      },
      async (request, reply) => {
        const found = await readable(request);
        if (!found.ok) return sendOutcome(reply, found);
        return fileHeaders(reply, found.value.sha256, found.value.size).code(200).send();
      },
    );

    blobApp.get(
      '/blobs/:sha256',
      {
        exposeHeadRoute: false,
        config: {
          docs: {
            summary: 'Download a file',
            description:
              'For people who may see a ticket message that uses it (customers never get internal notes’ files), and for its uploader until a message uses it.',
            tags: ['attachments'],
            signedIn: true,
            params: BlobParams,
            responses: { 200: 'The file, as application/octet-stream', 404: ErrorResponse },
          },
        },
      },
      async (request, reply) => {
        const found = await readable(request);
        if (!found.ok) return sendOutcome(reply, found);
        fileHeaders(reply, found.value.sha256, found.value.size);
        return reply.code(200).send(context.blobs.read(found.value.sha256));
      },
    );
  });
}

function parseSha(request: FastifyRequest): Outcome<string> {
  const params = BlobParams.safeParse(request.params);
  return params.success
    ? success(params.data.sha256)
    : failure(
        'invalid_input',
        "Invalid input — sha256: the address must end in the file's sha256, 64 lowercase hex digits.",
        [{ path: 'sha256', message: 'must be 64 lowercase hex digits' }],
      );
}

function sendRefusal(reply: FastifyReply, refusal: ReceiveRefusal, expected?: string) {
  switch (refusal.reason) {
    case 'too_large':
      return sendError(reply, {
        code: 'too_large',
        message: `This file is larger than ${limitText}, the most an attachment may be. Compress it (zip) or send a smaller file.`,
      });
    case 'executable':
      return sendError(reply, {
        code: 'unsupported_content',
        message: `This file is ${refusal.kind}, whatever its name says. Programs and scripts cannot be attached; send a document, image, log or archive instead.`,
      });
    case 'empty':
      return sendError(reply, {
        code: 'invalid_input',
        message:
          'This file is empty (0 bytes): there is nothing to attach. Check that you chose the right file and that it was saved.',
      });
    case 'unsafe_archive':
      return sendError(reply, { code: 'unsupported_content', message: refusal.message });
    case 'hash_mismatch':
      return sendError(reply, {
        code: 'invalid_input',
        message: `The file's sha256 is ${refusal.actual}, not ${expected} as in the address. The upload may have been cut short or changed; upload it again under its real sha256.`,
        issues: [{ path: 'sha256', message: 'does not match the content' }],
      });
  }
}
