import { readFileSync, statSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupportServer } from '../../../src-server/app.js';
import { createAccount, createOrganisation, type TestAccount } from '../../helpers/accounts.js';
import { jsonApi } from '../../helpers/json-api.js';
import { startServerOnPostgres } from '../../helpers/server-db.js';
import { startSmtpSink, type SmtpSink } from '../../helpers/smtp-sink.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { callOk, openCore, signedInDataFolder } from './support/client-fixture.js';
import { filesUnder, openedSecrets } from './support/sealed-secrets.js';

/**
 * Credentials end to end: how the server keeps passwords, tokens, PINs and site secrets (never
 * as they were typed or issued), how it limits guessing, how sessions expire and renew on its
 * clock, and how the client keeps its tokens and PTI passwords (sealed with the key file, never
 * in any file as they are).
 */
const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;
let shiftMs = 0;
let sink: SmtpSink;
let server: SupportServer;
let api: ReturnType<typeof jsonApi>;
let work: ReturnType<typeof tempDir>;
let orgId: string;

beforeAll(async () => {
  work = tempDir('credentials');
  sink = await startSmtpSink();
  server = await startServerOnPostgres({
    label: 'credentials',
    now: () => new Date(Date.now() + shiftMs),
    jobIntervalMs: 0,
    mail: { smtpUrl: sink.url, from: 'support@pti.example', pollIntervalMs: 50 },
    // The per-address rule as configured in production (30 a minute), scaled down: each wrong
    // guess costs a full password hash, and 30 of them would dominate this file's time.
    rateLimits: { signInPerAddress: { limit: 8, windowMs: 60_000 } },
  });
  api = jsonApi(server.url);
  orgId = await createOrganisation(server.db, { name: 'Harbor Point Self Storage' });
});
afterAll(async () => {
  await server?.close();
  await sink?.stop();
  work?.remove();
});

/** Every row of every table, as text: what someone with a copy of the database would have. */
async function databaseText(): Promise<string> {
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(server.db);
  const parts: string[] = [];
  for (const { name } of tables.rows) {
    const rows = await sql<{
      row: unknown;
    }>`select row_to_json(t) as row from ${sql.table(name)} t`.execute(server.db);
    parts.push(JSON.stringify(rows.rows));
  }
  return parts.join('\n');
}

const credentials = (a: TestAccount) => ({ email: a.email, password: a.password });
const scryptHash = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([\w-]+)\$([\w-]+)$/;

describe('on the server', () => {
  it('keeps passwords as slow salted hashes, and tokens, PINs and site secrets never as issued', async () => {
    const email = `avery-${Date.now()}@example.test`;
    expect(
      (await api.post('/auth/v1/request-account', { name: 'Avery Collins', email })).status,
    ).toBe(202);
    const mail = await sink.waitFor((m) => m.to.includes(email));
    const token = /token=([\w-]+)/.exec(mail.text)![1]!;
    const password = 'lakeside-gate-2041';
    const activated = await api.post('/auth/v1/activate', {
      token,
      password,
      name: 'Avery Collins',
      company: 'Lakeside Storage LLC',
      address: '12 Shore Road',
      city: 'Duluth',
      state: 'MN',
      zip: '55802',
      country: 'United States',
      phone: '+1 218 555 0100',
    });
    expect(activated.status, JSON.stringify(activated.body)).toBe(200);
    const session = await api.post('/auth/v1/sign-in', { email, password });
    expect(session.status).toBe(200);
    const { accessToken, refreshToken } = session.body as {
      accessToken: string;
      refreshToken: string;
    };
    // Unguessable: at least 256 bits each.
    for (const t of [accessToken, refreshToken])
      expect(t.replace(/^gd[ar]_/, '').length).toBeGreaterThanOrEqual(43);

    const manager = await server.db
      .selectFrom('users')
      .select('organisation_id')
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    // A site of the new organisation, its PTI secrets, then a support PIN, by its manager.
    const siteId = await insertSite(manager.organisation_id!);
    const secrets = {
      siteKey: 'SK-7F3A-99B2-C0DE',
      username: 'storlogix-hps901',
      password: 'pti-s1te-pw-9',
    };
    expect((await api.put(`/sites/v1/${siteId}/pti-secrets`, secrets, accessToken)).status).toBe(
      200,
    );
    const pin = await api.post(`/sites/v1/${siteId}/support-pin`, {}, accessToken);
    expect(pin.status, JSON.stringify(pin.body)).toBe(200);

    const stored = await databaseText();
    for (const plain of [
      password,
      accessToken,
      refreshToken,
      token,
      pin.body.pin,
      secrets.siteKey,
      secrets.password,
    ])
      expect(stored).not.toContain(plain);
    for (const message of sink.received) expect(message.raw).not.toContain(password);

    const { password_hash: hash } = await server.db
      .selectFrom('users')
      .select('password_hash')
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    const [, n, r, p, salt, key] = scryptHash.exec(hash ?? '')!;
    // scrypt at N = 2^15, r = 8 costs 32 MiB and tens of milliseconds per guess.
    expect(Number(n)).toBeGreaterThanOrEqual(2 ** 15);
    expect(128 * Number(n) * Number(r)).toBeGreaterThanOrEqual(32 * 1024 * 1024);
    expect(Number(p)).toBeGreaterThanOrEqual(1);
    expect(Buffer.from(salt!, 'base64url').length).toBeGreaterThanOrEqual(16);
    expect(Buffer.from(key!, 'base64url').length).toBeGreaterThanOrEqual(32);

    // The same password twice is two different hashes (salted per account).
    const [a, b] = [
      await createAccount(server.db, { role: 'technician' }),
      await createAccount(server.db, { role: 'technician' }),
    ];
    await server.db
      .updateTable('users')
      .set({ password_hash: hash })
      .where('id', '=', a.id)
      .execute();
    const again = await api.post('/auth/v1/sign-in', { email: a.email, password });
    expect(again.status).toBe(200);
    const hashes = await server.db
      .selectFrom('users')
      .select('password_hash')
      .where('id', 'in', [a.id, b.id])
      .execute();
    expect(new Set(hashes.map((h) => h.password_hash)).size).toBe(2);

    const pins = await sql<{ pin_hash: string }>`select pin_hash from support_pins`.execute(
      server.db,
    );
    for (const row of pins.rows) expect(row.pin_hash).toMatch(scryptHash);
  });

  it('limits guessing a password through "change password" as it limits sign-in', async () => {
    const account = await createAccount(server.db, { role: 'site_manager', organisationId: orgId });
    const { accessToken } = (await api.post('/auth/v1/sign-in', credentials(account))).body as {
      accessToken: string;
    };
    const change = (currentPassword: string) =>
      api.post(
        '/auth/v1/change-password',
        { currentPassword, newPassword: 'a-new-gate-password-7' },
        accessToken,
      );
    for (let i = 0; i < 5; i++) expect((await change(`wrong-${i}`)).status).toBe(400);
    const locked = await change(account.password);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await api.post('/auth/v1/sign-in', credentials(account))).status).toBe(200);
  });

  it('limits wrong sign-ins from one address across many accounts', async () => {
    const account = await createAccount(server.db, { role: 'installer', organisationId: orgId });
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) {
      const reply = await api.post('/auth/v1/sign-in', {
        email: `guess-${i}@example.test`,
        password: 'Winter2026!',
      });
      statuses.push(reply.status);
    }
    expect(statuses).toEqual([...Array<number>(8).fill(401), 429]);
    // The right password from the same address waits too: the address is locked, not the account.
    expect((await api.post('/auth/v1/sign-in', credentials(account))).status).toBe(429);
    shiftMs = 61_000;
    try {
      expect((await api.post('/auth/v1/sign-in', credentials(account))).status).toBe(200);
    } finally {
      shiftMs = 0;
    }
  });

  it('expires access tokens on its clock, renews them once per refresh token, and ends sessions', async () => {
    const account = await createAccount(server.db, { role: 'technician' });
    const first = (await api.post('/auth/v1/sign-in', credentials(account))).body as {
      accessToken: string;
      refreshToken: string;
    };
    const settings = (token: string) => api.get('/account/v1/settings', token);
    try {
      shiftMs = 59 * minute;
      expect((await settings(first.accessToken)).status).toBe(200);
      shiftMs = 61 * minute;
      expect((await settings(first.accessToken)).status).toBe(401);
      const renewed = await api.post('/auth/v1/refresh', { refreshToken: first.refreshToken });
      expect(renewed.status).toBe(200);
      expect((await settings(renewed.body.accessToken)).status).toBe(200);
      // A refresh token works once: a stolen copy used later is refused, and so is the old pair.
      expect(
        (await api.post('/auth/v1/refresh', { refreshToken: first.refreshToken })).status,
      ).toBe(401);
      shiftMs = 31 * day;
      expect(
        (await api.post('/auth/v1/refresh', { refreshToken: renewed.body.refreshToken })).status,
      ).toBe(401);
    } finally {
      shiftMs = 0;
    }
  });
});

async function insertSite(organisationId: string): Promise<string> {
  const id = randomUUID();
  const now = new Date();
  await server.db
    .insertInto('sites')
    .values({
      id,
      organisation_id: organisationId,
      code: `LKS${Date.now() % 100000}`,
      name: 'Lakeside Duluth',
      timezone: 'America/Chicago',
      created_at: now,
      updated_at: now,
      version: 0,
    })
    .execute();
  return id;
}

describe('on the client', () => {
  let account: TestAccount;
  let dataDir: string;

  beforeAll(async () => {
    account = await createAccount(server.db, { role: 'installer', organisationId: orgId });
    dataDir = join(work.path, 'client');
    await signedInDataFolder(dataDir, server, account);
  });

  it('keeps the key file private and its tokens sealed: no file holds them as issued', async () => {
    if (process.platform !== 'win32')
      expect(statSync(join(dataDir, 'secret.key')).mode & 0o777).toBe(0o600);
    const opened = openedSecrets(dataDir);
    // What the key file opens is a live session: the test really holds the client's tokens.
    const tokens = opened.filter((t) => /^gd[ar]_/.test(t));
    expect(tokens.length).toBe(2);
    const working = await Promise.all(
      tokens.map(async (t) => (await api.get('/account/v1/settings', t)).status),
    );
    expect(working).toContain(200);
    for (const file of filesUnder(dataDir)) {
      const bytes = readFileSync(file);
      for (const token of tokens) {
        expect(bytes.includes(Buffer.from(token)), `${file} holds a token`).toBe(false);
        // Nor in UTF-16, as some stores and dumps write text.
        expect(bytes.includes(Buffer.from(token, 'utf16le')), `${file} holds a token`).toBe(false);
      }
      expect(bytes.includes(Buffer.from(account.password)), `${file} holds the password`).toBe(
        false,
      );
    }
  });

  it('keeps a PTI password and site key sealed, and never hands them back through the API', async () => {
    const core = await openCore(dataDir, {
      fetch: () => Promise.reject(new TypeError('fetch failed')),
    });
    const secrets = { siteKey: '1DCD-8C6F-3955', password: 'demo-956519299f' };
    try {
      const saved = await callOk(core, 'pti.sites.save', {
        siteCode: 'HPS101',
        gatewayUrl: 'http://127.0.0.1:9',
        username: 'storlogix-hps101',
        ...secrets,
      });
      const listed = await callOk(core, 'pti.sites.list', {});
      for (const answer of [saved, listed])
        for (const secret of Object.values(secrets))
          expect(JSON.stringify(answer)).not.toContain(secret);
      expect(saved).toMatchObject({ hasSiteKey: true, hasPassword: true });
    } finally {
      await core.close();
    }
    expect(openedSecrets(dataDir)).toEqual(expect.arrayContaining(Object.values(secrets)));
    for (const file of filesUnder(dataDir)) {
      const bytes = readFileSync(file);
      for (const secret of Object.values(secrets))
        expect(bytes.includes(Buffer.from(secret)), `${file} holds ${secret}`).toBe(false);
    }
  });

  it('forgets its tokens on sign-out', async () => {
    const core = await openCore(dataDir);
    try {
      await callOk(core, 'profiles.signOut', {});
    } finally {
      await core.close();
    }
    expect(openedSecrets(dataDir).filter((t) => /^gd[ar]_/.test(t))).toEqual([]);
  });
});
