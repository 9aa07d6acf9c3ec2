import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONTENT_HEAD_BYTES, imageTypeOf } from '../../src-shared/attachment-content.js';
import {
  AttachmentName,
  MAX_ATTACHMENT_BYTES,
  Sha256,
  type AttachmentRef,
} from '../../src-shared/attachments.js';
import { fail, type ErrorCode, type Result } from '../../src-shared/result.js';
import type { Core, CoreLogger } from '../core/core-types.js';
import { cookieToken, originAllowed, sameToken } from './access.js';

/**
 * The web host's attachment routes. A browser has File objects, not paths, so it uploads the
 * bytes here (POST /attachments?name=…); they are streamed to a temp file, cut off at the size
 * limit, and staged through the core exactly like a file picked in the desktop app. GET
 * /attachments/{sha256}?name=… serves a staged or cached file (the core downloads it when it is
 * not here yet): inline only when its bytes are an allow-listed image, as a download otherwise.
 * Answers are the contract's Result objects as JSON, so the renderer shows them like any call.
 */

export const ATTACHMENTS_PATH = '/attachments';

export interface AttachmentRouteContext {
  core: Core;
  token: string;
  port: number;
  logger: CoreLogger;
}

export const isAttachmentPath = (pathname: string) =>
  pathname === ATTACHMENTS_PATH || pathname.startsWith(`${ATTACHMENTS_PATH}/`);

const statusOf: Record<ErrorCode, number> = {
  invalid_input: 422,
  unknown_method: 404,
  forbidden: 403,
  unauthorized: 401,
  not_found: 404,
  conflict: 409,
  unavailable: 503,
  database_too_new: 503,
  internal: 500,
};

const baseHeaders = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-resource-policy': 'same-origin',
};

function answer(res: ServerResponse, status: number, result: Result<unknown>, close = false) {
  const body = JSON.stringify(result);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'none'; sandbox",
    ...baseHeaders,
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(body);
}

const refuse = (res: ServerResponse, status: number, code: ErrorCode, message: string) =>
  answer(res, status, fail(code, message));

/** The launch cookie, and for anything a browser labels as coming from elsewhere, a refusal. */
function authorised(req: IncomingMessage, res: ServerResponse, ctx: AttachmentRouteContext) {
  if (!sameToken(cookieToken(req), ctx.token)) {
    refuse(
      res,
      401,
      'unauthorized',
      'Open Gatedesk with the address printed when it started (it carries a one-time access token).',
    );
    return false;
  }
  // Uploads change state, so they must prove their origin; a same-origin <img> sends no Origin,
  // so downloads are judged by Origin only when one is sent, and by the browser's fetch metadata.
  const mustHaveOrigin = req.method === 'POST';
  const site = req.headers['sec-fetch-site'];
  const foreign =
    ((mustHaveOrigin || req.headers.origin !== undefined) && !originAllowed(req, ctx.port)) ||
    (site !== undefined && site !== 'same-origin' && site !== 'none');
  if (foreign) {
    refuse(res, 403, 'forbidden', 'Attachments can only be used from the Gatedesk window itself.');
    return false;
  }
  return true;
}

export async function handleAttachmentRequest(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: AttachmentRouteContext,
): Promise<void> {
  if (!authorised(req, res, ctx)) return;
  if (url.pathname === ATTACHMENTS_PATH) {
    if (req.method !== 'POST')
      return refuse(res, 405, 'invalid_input', 'Upload a file here with POST.');
    return upload(req, res, url, ctx);
  }
  if (req.method !== 'GET' && req.method !== 'HEAD')
    return refuse(res, 405, 'invalid_input', 'Attachments are read here with GET.');
  return download(req, res, url, ctx);
}

// ── upload ──────────────────────────────────────────────────────────────────────────────────

const tooLargeMessage = (name: string) =>
  `${name} is larger than ${MAX_ATTACHMENT_BYTES / (1024 * 1024)} MB; attach a smaller file.`;

async function upload(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: AttachmentRouteContext,
): Promise<void> {
  const name = url.searchParams.get('name') ?? '';
  const checked = AttachmentName.safeParse(name);
  if (!checked.success) {
    const reason = checked.error.issues[0]?.message ?? 'the name is not valid';
    return answer(res, 422, fail('invalid_input', `${name || 'The file'}: ${reason}.`), true);
  }
  const declared = Number(req.headers['content-length'] ?? NaN);
  // Refused before a byte is read when the browser says how big the file is.
  if (declared > MAX_ATTACHMENT_BYTES)
    return answer(res, 413, fail('invalid_input', tooLargeMessage(name)), true);

  const dir = await mkdtemp(join(tmpdir(), 'gatedesk-upload-'));
  try {
    const file = join(dir, 'upload');
    const received = await receive(req, file, MAX_ATTACHMENT_BYTES);
    if (received === 'too_large')
      return answer(res, 413, fail('invalid_input', tooLargeMessage(name)), true);
    if (received === 'aborted') return;
    const staged = (await ctx.core.dispatch(
      'attachments.stageFile',
      { path: file, name },
      { shell: 'web' },
    )) as Result<AttachmentRef>;
    answer(res, staged.ok ? 201 : statusOf[staged.error.code], staged);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Streams the request body into `path`, stopping at `limit` bytes: the rest is never read, and
 * the connection is closed after the answer.
 */
function receive(
  req: IncomingMessage,
  path: string,
  limit: number,
): Promise<'done' | 'too_large' | 'aborted'> {
  return new Promise((resolve, reject) => {
    const out = createWriteStream(path);
    let size = 0;
    let settled = false;
    const settle = (outcome: 'done' | 'too_large' | 'aborted') => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      if (outcome !== 'done') {
        req.pause();
        out.destroy();
      }
      resolve(outcome);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) return settle('too_large');
      if (!out.write(chunk)) {
        req.pause();
        out.once('drain', () => {
          if (!settled) req.resume();
        });
      }
    };
    req.on('data', onData);
    req.once('end', () => {
      if (settled) return;
      out.end(() => settle('done'));
    });
    req.once('close', () => {
      if (!req.complete) settle('aborted');
    });
    req.once('error', () => settle('aborted'));
    out.once('error', (error) => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      reject(error);
    });
  });
}

// ── download ────────────────────────────────────────────────────────────────────────────────

/**
 * A name safe in a Content-Disposition header on every OS: letters, digits and a few marks;
 * anything else becomes "_". Falls back to "attachment" when nothing is left.
 */
export function safeDownloadName(name: string | null): string {
  const cleaned = (name ?? '')
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9._ ()-]/g, '_')
    .replace(/^[.\s]+/, '')
    .trim()
    .slice(-120);
  return cleaned.replace(/[_\s.]/g, '') === '' ? 'attachment' : cleaned;
}

async function download(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: AttachmentRouteContext,
): Promise<void> {
  const sha256 = url.pathname.slice(ATTACHMENTS_PATH.length + 1);
  if (!Sha256.safeParse(sha256).success)
    return refuse(res, 404, 'not_found', 'There is no such attachment.');
  const opened = (await ctx.core.dispatch(
    'attachments.open',
    { sha256 },
    { shell: 'web' },
  )) as Result<{ path: string }>;
  if (!opened.ok) return answer(res, statusOf[opened.error.code], opened);
  const { path } = opened.value;
  const [size, head] = await Promise.all([stat(path).then((s) => s.size), readHead(path)]);
  const image = imageTypeOf(head);
  const fileName = safeDownloadName(url.searchParams.get('name'));
  res.writeHead(200, {
    // The content decides: only bytes that are an allow-listed image are ever shown inline.
    'content-type': image ?? 'application/octet-stream',
    'content-disposition': `${image ? 'inline' : 'attachment'}; filename="${fileName}"`,
    'content-length': size,
    'content-security-policy': 'sandbox',
    // content-addressed: the bytes behind a sha256 never change
    'cache-control': 'private, max-age=86400, immutable',
    ...baseHeaders,
  });
  if (req.method === 'HEAD') return void res.end();
  createReadStream(path).pipe(res);
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
