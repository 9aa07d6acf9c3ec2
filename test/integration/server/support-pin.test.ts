import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SupportPinIssued, SupportPinStatus } from '../../../src-shared/domain/units.js';
import { startSupportFixture } from '../../helpers/support-fixture.js';
import type { SupportFixture } from '../../helpers/support-fixture.js';
import { callJson } from '../../helpers/json-api.js';
import type { JsonReply } from '../../helpers/json-api.js';
import type { SyncSession } from '../../helpers/sync-client.js';

// Issue 8 item 5 and DESIGN.md "Support PIN": a site manager lets a technician see the site's
// PTI configuration once; without a valid PIN (or the admin role) the server gives no secret.
let f: SupportFixture;
let clock = Date.now();
const logLines: string[] = [];
const minute = 60_000;

const secretsA = {
  siteKey: 'SK-7Q2M-WX41-HARBOR',
  username: 'storlogix-hps901',
  password: 'gate-pw-Vq8!mZ2#r',
  gatewayUrl: 'http://10.20.0.5:4100',
};
/** Every PIN handed out in this file: none may ever appear in a log line. */
const pinsSeen: string[] = [];

beforeAll(async () => {
  f = await startSupportFixture({
    label: 'support_pin',
    now: () => new Date(clock),
    log: true,
    logStream: { write: (line) => void logLines.push(line) },
  });
  const stored = await api(f.as.installerA, 'PUT', `/sites/v1/${f.siteA}/pti-secrets`, secretsA);
  expect(stored.status, JSON.stringify(stored.body)).toBe(200);
});
afterAll(async () => {
  await f?.server.close();
});

function api(session: SyncSession, method: string, path: string, body?: unknown) {
  return callJson(f.server.url, method, path, { token: session.token, body });
}

const pinPath = (siteId: string) => `/sites/v1/${siteId}/support-pin`;

async function issuePin(siteId = f.siteA, body: unknown = {}): Promise<string> {
  const reply = await api(f.as.managerA, 'POST', pinPath(siteId), body);
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  expect(reply.headers.get('cache-control')).toBe('no-store');
  const { pin } = SupportPinIssued.parse(reply.body);
  pinsSeen.push(pin);
  return pin;
}

const redeem = (session: SyncSession, pin: string, siteId = f.siteA) =>
  api(session, 'POST', `${pinPath(siteId)}/redeem`, { pin });

/** A six-digit PIN that is not `pin`. */
const wrong = (pin: string, n = 1) => String((Number(pin) + n) % 1_000_000).padStart(6, '0');

async function status(): Promise<SupportPinStatus> {
  const reply = await api(f.as.managerA, 'GET', pinPath(f.siteA));
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return SupportPinStatus.parse(reply.body);
}

describe('site PTI secrets', () => {
  it('are given to admins, and to nobody else without a PIN', async () => {
    const asAdmin = await api(f.as.admin, 'GET', `/sites/v1/${f.siteA}/pti-secrets`);
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.body).toEqual(secretsA);
    for (const who of [f.as.tech, f.as.managerA, f.as.installerA, f.as.managerB]) {
      const reply = await api(who, 'GET', `/sites/v1/${f.siteA}/pti-secrets`);
      expect([403, 404]).toContain(reply.status);
      expect(JSON.stringify(reply.body)).not.toContain(secretsA.password);
    }
    // technicians cannot change them either
    const change = await api(f.as.tech, 'PUT', `/sites/v1/${f.siteA}/pti-secrets`, secretsA);
    expect(change.status).toBe(403);
  });

  it('are sealed at rest with the server key', async () => {
    const row = await f.server.db
      .selectFrom('site_secrets')
      .select('sealed')
      .where('site_id', '=', f.siteA)
      .executeTakeFirstOrThrow();
    expect(row.sealed).toMatch(/^v1\.[0-9a-f]{12}\./);
    for (const value of Object.values(secretsA)) expect(row.sealed).not.toContain(value);
  });
});

describe('the support PIN', () => {
  it('is issued by the site’s own manager only', async () => {
    expect((await api(f.as.managerB, 'POST', pinPath(f.siteA), {})).status).toBe(404);
    expect((await api(f.as.tech, 'POST', pinPath(f.siteA), {})).status).toBe(403);
    expect((await api(f.as.installerA, 'POST', pinPath(f.siteA), {})).status).toBe(403);
    const bad = await api(f.as.managerA, 'POST', pinPath(f.siteA), { ttlMinutes: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/ttlMinutes/);
  });

  it('gives a technician the PTI configuration once, then never again', async () => {
    const pin = await issuePin();
    expect(pin).toMatch(/^\d{6}$/);
    const stored = await f.server.db
      .selectFrom('support_pins')
      .select('pin_hash')
      .orderBy('issued_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(stored.pin_hash).toMatch(/^scrypt\$/);
    expect(stored.pin_hash).not.toContain(pin);
    expect((await status()).active).toMatchObject({ wrongAttempts: 0 });

    const first = await redeem(f.as.tech, pin);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(first.body).toMatchObject({
      site: { id: f.siteA, code: 'HPS901' },
      secrets: secretsA,
    });

    const second = await redeem(f.as.tech, pin);
    expect(second.status).toBe(403);
    expect(second.body.error.message).toMatch(/works once/);
    const byColleague = await redeem(f.as.tech2, pin);
    expect(byColleague.status).toBe(403);
    // the PIN does not open the secrets route afterwards either
    expect((await api(f.as.tech, 'GET', `/sites/v1/${f.siteA}/pti-secrets`)).status).toBe(403);
    expect((await status()).active).toBeNull();
  });

  it('can be redeemed by only one of two technicians presenting it at the same moment', async () => {
    const pin = await issuePin();
    const replies = await Promise.all([redeem(f.as.tech, pin), redeem(f.as.tech2, pin)]);
    expect(replies.map((r) => r.status).sort()).toEqual([200, 403]);
  });

  it('expires after its time, by the server clock', async () => {
    const pin = await issuePin();
    const { active } = await status();
    expect(Date.parse(active!.expiresAt) - clock).toBe(30 * minute);
    clock += 31 * minute;
    const late = await redeem(f.as.tech, pin);
    expect(late.status).toBe(403);
    expect((await status()).active).toBeNull();

    // a manager may choose a shorter or longer time
    const short = await issuePin(f.siteA, { ttlMinutes: 5 });
    clock += 4 * minute;
    expect((await redeem(f.as.tech, short)).status).toBe(200);
  });

  it('stops working when renewed or cleared', async () => {
    const old = await issuePin();
    const renewed = await issuePin();
    expect((await redeem(f.as.tech, old)).status).toBe(403);
    const cleared = await api(f.as.managerA, 'DELETE', pinPath(f.siteA));
    expect(cleared.body).toEqual({ cleared: true });
    expect((await redeem(f.as.tech, renewed)).status).toBe(403);
    expect((await api(f.as.managerA, 'DELETE', pinPath(f.siteA))).body).toEqual({ cleared: false });
  });

  it('locks after five wrong tries, even for the right PIN, and tells the site’s managers', async () => {
    const pin = await issuePin();
    for (let n = 1; n <= 4; n++) {
      const reply = await redeem(f.as.tech2, wrong(pin, n));
      expect(reply.status).toBe(403);
    }
    expect((await status()).active?.wrongAttempts).toBe(4);
    const fifth = await redeem(f.as.tech2, wrong(pin, 5));
    expect(fifth.status).toBe(429);
    expect(fifth.body.error.message).toMatch(/locked/);
    const right = await redeem(f.as.tech, pin);
    expect(right.status).toBe(429);
    expect(JSON.stringify(right.body)).not.toContain(secretsA.password);

    const after = await status();
    expect(after.active).toBeNull();
    expect(after.lockedAt).not.toBeNull();
    const mail = await f.server.db
      .selectFrom('email_outbox')
      .select(['to_address', 'subject', 'text_body'])
      .where('kind', '=', 'support_pin_locked')
      .execute();
    expect(mail).toEqual([
      expect.objectContaining({
        to_address: f.accounts.managerA.email,
        subject: 'Support PIN locked for Site HPS901 (HPS901)',
      }),
    ]);
    expect(mail[0]!.text_body).toContain('most recently by Marcus Oyelaran');
    expect(mail[0]!.text_body).not.toContain(pin);

    // a new PIN works again
    expect((await redeem(f.as.tech, await issuePin())).status).toBe(200);
  });

  it('is redeemed by support staff only, for a site that has PTI secrets stored', async () => {
    const pin = await issuePin();
    expect((await redeem(f.as.managerA, pin)).status).toBe(403);
    expect((await redeem(f.as.installerA, pin)).status).toBe(403);
    const noSecrets = await api(f.as.admin, 'POST', pinPath(f.siteB), {});
    expect(noSecrets.status).toBe(200);
    const unset = await redeem(f.as.tech, SupportPinIssued.parse(noSecrets.body).pin, f.siteB);
    expect(unset.status).toBe(404);
    expect(unset.body.error.message).toMatch(/no PTI connection details/);
    expect((await redeem(f.as.tech, pin)).status).toBe(200);
  });

  it("records every issue, use and failure in the site's history, for its managers", async () => {
    const { events } = await status();
    const kinds = events.map((e) => e.kind);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'pti_secrets_changed',
        'pti_secrets_read',
        'support_pin_issued',
        'support_pin_cleared',
        'support_pin_redeemed',
        'support_pin_refused',
        'support_pin_locked',
      ]),
    );
    const redeemed = events.find((e) => e.kind === 'support_pin_redeemed');
    expect(redeemed?.actorName).toBe('Dana Whitfield');
    const locked = events.find((e) => e.kind === 'support_pin_locked');
    expect(locked).toMatchObject({ actorName: 'Marcus Oyelaran' });
    expect(
      events.filter((e) => e.detail.includes('wrong support PIN (')).length,
    ).toBeGreaterThanOrEqual(4);
    // newest first
    const times = events.map((e) => Date.parse(e.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    // the history is the site's own: another organisation's manager and technicians do not see it
    expect((await api(f.as.managerB, 'GET', pinPath(f.siteA))).status).toBe(404);
    expect((await api(f.as.tech, 'GET', pinPath(f.siteA))).status).toBe(403);
  });
});

describe('secrets and PINs never leak', () => {
  it('are in no pull, log line or error', async () => {
    const replies: JsonReply[] = [];
    // errors on purpose: bad bodies, wrong PINs, wrong roles
    replies.push(await api(f.as.tech, 'PUT', `/sites/v1/${f.siteA}/pti-secrets`, secretsA));
    replies.push(
      await api(f.as.installerA, 'PUT', `/sites/v1/${f.siteA}/pti-secrets`, {
        ...secretsA,
        extra: secretsA.password,
      }),
    );
    replies.push(await redeem(f.as.tech, 'abc' + pinsSeen[0]!));
    for (const reply of replies) expect(reply.status).toBeGreaterThanOrEqual(400);

    const pulls = await Promise.all(
      [f.as.tech, f.as.admin, f.as.managerA, f.as.installerA].map((s) => s.pullAll(null)),
    );
    const everything = [
      ...logLines,
      ...pulls.map((p) => JSON.stringify(p.changes)),
      ...replies.map((r) => JSON.stringify(r.body)),
    ].join('\n');
    // the log did record the requests that carried them
    expect(logLines.length).toBeGreaterThan(20);
    expect(logLines.join('')).toContain('/support-pin/redeem');
    expect(logLines.join('')).toContain('/pti-secrets');
    for (const secret of [secretsA.siteKey, secretsA.password]) {
      expect(everything).not.toContain(secret);
    }
    // a PIN as a number of its own (log lines are full of longer numbers: times, durations)
    for (const pin of pinsSeen) expect(everything).not.toMatch(new RegExp(`(?<!\\d)${pin}(?!\\d)`));
  });
});
