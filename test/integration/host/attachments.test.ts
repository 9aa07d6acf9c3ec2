import { request } from 'node:http';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ATTACHMENT_BYTES } from '../../../src-shared/attachments.js';
import { withAttachmentViewer } from '../../../src-main/app/attachment-viewer.js';
import type { Core } from '../../../src-main/core/core-types.js';
import { startWebHost, type WebHost } from '../../../src-main/host/web-host.js';
import { silentLogger, testCore } from '../../helpers/test-core.js';
import { tempDir } from '../../helpers/temp-dir.js';

const TOKEN = 'launch-token-for-attachment-tests-0123456789';
let dir: ReturnType<typeof tempDir>;
let core: Core;
let host: WebHost;
let cookie: string;

const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(4096, 3),
]);
const pdf = Buffer.from('%PDF-1.4\n% gate 2 keypad log\n%%EOF\n');
const windowsProgram = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(2048, 1)]);

beforeAll(async () => {
  dir = tempDir('host-attachments');
  const rendererDir = join(dir.path, 'renderer');
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Gatedesk</title>');
  core = await testCore(join(dir.path, 'data'));
  // A profile whose server is not running: staging and opening staged files work offline.
  const added = await core.dispatch(
    'profiles.add',
    { name: 'Office', serverUrl: 'http://127.0.0.1:9', account: 'manager@example.com' },
    { shell: 'web' },
  );
  if (!added.ok) throw new Error(added.error.message);
  await core.dispatch(
    'profiles.activate',
    { id: (added.value as { id: string }).id },
    { shell: 'test' },
  );
  host = await startWebHost({ core, rendererDir, logger: silentLogger, token: TOKEN });
  const login = await fetch(host.launchUrl, { redirect: 'manual' });
  cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
});

afterAll(async () => {
  await host?.close();
  await core?.close();
  dir?.remove();
});

const upload = (name: string, body: Buffer, headers: Record<string, string> = {}) =>
  fetch(`${host.origin}/attachments?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    body: new Uint8Array(body),
    headers: {
      cookie,
      origin: host.origin,
      'content-type': 'application/octet-stream',
      ...headers,
    },
  });

const errorOf = async (response: Response) =>
  ((await response.json()) as { ok: false; error: { code: string; message: string } }).error;

describe('POST /attachments', () => {
  it('refuses an upload without the launch cookie', async () => {
    const response = await fetch(`${host.origin}/attachments?name=a.png`, {
      method: 'POST',
      body: new Uint8Array(png),
      headers: { origin: host.origin },
    });
    expect(response.status).toBe(401);
    expect((await errorOf(response)).message).toMatch(/address printed/);
  });

  it('refuses an upload from another origin, and one that names none', async () => {
    const foreign = await upload('a.png', png, { origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    const lookalike = await upload('a.png', png, { origin: `http://127.0.0.1:${host.port + 1}` });
    expect(lookalike.status).toBe(403);
    const none = await fetch(`${host.origin}/attachments?name=a.png`, {
      method: 'POST',
      body: new Uint8Array(png),
      headers: { cookie },
    });
    expect(none.status).toBe(403);
  });

  it('stops reading an oversized upload and answers 413 while it is still being sent', async () => {
    // Chunked, so the host cannot know the size up front and must count as it reads.
    const chunk = Buffer.alloc(1024 * 1024, 7);
    const total = 64 * chunk.length;
    const outcome = await new Promise<{ status: number; body: string; sent: number }>(
      (resolve, reject) => {
        let sent = 0;
        let answered = false;
        const req = request(
          {
            host: '127.0.0.1',
            port: host.port,
            method: 'POST',
            path: '/attachments?name=camera-dump.zip',
            headers: { cookie, origin: host.origin, 'transfer-encoding': 'chunked' },
          },
          (res) => {
            answered = true;
            let body = '';
            res.setEncoding('utf8');
            res.on('data', (d: string) => (body += d));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body, sent }));
            res.on('error', reject);
          },
        );
        // the host closes the connection mid-upload: writing into it then fails, as expected
        req.on('error', () => undefined);
        const writeMore = () => {
          while (!answered && sent < total) {
            sent += chunk.length;
            if (!req.write(chunk)) return void req.once('drain', writeMore);
          }
          if (!answered) req.end();
        };
        writeMore();
      },
    );
    expect(outcome.status).toBe(413);
    expect(JSON.parse(outcome.body).error.message).toMatch(/camera-dump\.zip is larger than 15 MB/);
    expect(outcome.sent).toBeLessThan(total);
  });

  it('refuses a declared oversized upload before reading it', async () => {
    const response = await upload('big.pdf', Buffer.alloc(MAX_ATTACHMENT_BYTES + 1, 0x25));
    expect(response.status).toBe(413);
    expect((await errorOf(response)).message).toMatch(/big\.pdf is larger than 15 MB/);
  });

  it('refuses a program named like a picture, an empty file and a type not on the list', async () => {
    const disguised = await upload('gate-photo.png', windowsProgram);
    expect(disguised.status).toBe(422);
    expect((await errorOf(disguised)).message).toMatch(
      /gate-photo\.png looks like a Windows program/,
    );
    const notAnImage = await upload('keypad.png', Buffer.from('just some text, not a picture'));
    expect(notAnImage.status).toBe(422);
    expect((await errorOf(notAnImage)).message).toMatch(/not a PNG image/);
    const empty = await upload('notes.txt', Buffer.alloc(0));
    expect(empty.status).toBe(422);
    expect((await errorOf(empty)).message).toMatch(/notes\.txt is empty/);
    const script = await upload('fix.bat', Buffer.from('echo hello'));
    expect(script.status).toBe(422);
    expect((await errorOf(script)).message).toMatch(/only these file types can be attached/);
  });
});

describe('GET /attachments/{sha256}', () => {
  it('stages a PNG and serves it inline as an image with nosniff and a sandbox', async () => {
    const response = await upload('keypad 1.png', png);
    expect(response.status).toBe(201);
    const ref = ((await response.json()) as { ok: true; value: { sha256: string } }).value;
    expect(ref).toMatchObject({ name: 'keypad 1.png', size: png.length, contentType: 'image/png' });

    const served = await fetch(`${host.origin}/attachments/${ref.sha256}?name=keypad%201.png`, {
      headers: { cookie },
    });
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('content-security-policy')).toBe('sandbox');
    expect(served.headers.get('content-disposition')).toBe('inline; filename="keypad 1.png"');
    expect(Buffer.from(await served.arrayBuffer()).equals(png)).toBe(true);
  });

  it('serves a PDF as a download with a safe file name', async () => {
    const response = await upload('gate log.pdf', pdf);
    expect(response.status).toBe(201);
    const { sha256 } = ((await response.json()) as { value: { sha256: string } }).value;
    const served = await fetch(
      `${host.origin}/attachments/${sha256}?name=${encodeURIComponent('../gate "log"\r\n.pdf')}`,
      { headers: { cookie } },
    );
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('application/octet-stream');
    expect(served.headers.get('content-disposition')).toBe(
      'attachment; filename="_gate _log___.pdf"',
    );
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await served.arrayBuffer()).equals(pdf)).toBe(true);
  });

  it('refuses reads without the cookie or from another site', async () => {
    const response = await upload('gate log.pdf', pdf);
    const { sha256 } = ((await response.json()) as { value: { sha256: string } }).value;
    const path = `${host.origin}/attachments/${sha256}`;
    expect((await fetch(path)).status).toBe(401);
    expect((await fetch(path, { headers: { cookie, origin: 'http://evil.example' } })).status).toBe(
      403,
    );
    expect(
      (await fetch(path, { headers: { cookie, 'sec-fetch-site': 'cross-site' } })).status,
    ).toBe(403);
    const unknown = await fetch(`${host.origin}/attachments/${'0'.repeat(64)}`, {
      headers: { cookie },
    });
    expect(unknown.status).toBeGreaterThanOrEqual(400);
    expect((await errorOf(unknown)).message.length).toBeGreaterThan(10);
  });
});

describe("the desktop app's system viewer", () => {
  it('opens a named copy of an image and refuses an archive, without calling the viewer', async () => {
    const opened: string[] = [];
    const viewerDir = join(dir.path, 'viewer');
    const desktop = withAttachmentViewer(core, {
      viewerDir,
      openPath: async (path) => {
        opened.push(path);
        return '';
      },
    });
    const photo = await upload('keypad 1.png', png);
    const { sha256 } = ((await photo.json()) as { value: { sha256: string } }).value;
    expect(
      await desktop.dispatch(
        'attachments.openInViewer',
        { sha256, name: 'keypad 1.png' },
        { shell: 'test' },
      ),
    ).toEqual({ ok: true, value: { opened: true } });
    expect(opened).toEqual([join(viewerDir, sha256, 'keypad 1.png')]);
    expect(readFileSync(opened[0]!).equals(png)).toBe(true);

    const zip = await upload('logs.zip', Buffer.concat([Buffer.from('PK\x03\x04'), pdf]));
    const zipped = ((await zip.json()) as { value: { sha256: string } }).value.sha256;
    const refused = await desktop.dispatch(
      'attachments.openInViewer',
      { sha256: zipped, name: 'logs.zip' },
      { shell: 'test' },
    );
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(opened).toHaveLength(1);
    // in the web host the call only explains where attachments open instead
    expect(
      await core.dispatch(
        'attachments.openInViewer',
        { sha256, name: 'keypad 1.png' },
        { shell: 'test' },
      ),
    ).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });

  it('previews only images, as base64 of their exact bytes', async () => {
    const photo = await upload('keypad 1.png', png);
    const { sha256 } = ((await photo.json()) as { value: { sha256: string } }).value;
    const preview = await core.dispatch('attachments.preview', { sha256 }, { shell: 'test' });
    expect(preview).toMatchObject({ ok: true, value: { contentType: 'image/png' } });
    if (preview.ok)
      expect(Buffer.from((preview.value as { base64: string }).base64, 'base64').equals(png)).toBe(
        true,
      );
    const doc = await upload('gate log.pdf', pdf);
    const pdfSha = ((await doc.json()) as { value: { sha256: string } }).value.sha256;
    expect(
      await core.dispatch('attachments.preview', { sha256: pdfSha }, { shell: 'test' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
  });
});
