import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SupportServer } from '../../../src-server/app.js';
import { siteSecretsVisibleTo } from '../../../src-server/access/site-secrets.js';
import { DEMO_SITE_MANAGER, DEMO_TECHNICIAN } from '../../../src-server/seed/demo-accounts.js';
import { MySettings } from '../../../src-shared/accounts.js';
import { createAccount, createOrganisation } from '../../helpers/accounts.js';
import type { TestAccount } from '../../helpers/accounts.js';
import { jsonApi } from '../../helpers/json-api.js';
import { startServerOnPostgres } from '../../helpers/server-db.js';
import { startSmtpSink } from '../../helpers/smtp-sink.js';
import type { ReceivedEmail, SmtpSink } from '../../helpers/smtp-sink.js';

// One server (real PostgreSQL, demo data) and one SMTP sink for the file. The server's clock can
// be moved forward to expire links; each test puts it back.
let clockShiftMs = 0;
let sink: SmtpSink;
let server: SupportServer;
let api: ReturnType<typeof jsonApi>;
let admin: TestAccount;

beforeAll(async () => {
  sink = await startSmtpSink();
  server = await startServerOnPostgres({
    label: 'accounts',
    seed: 'demo',
    now: () => new Date(Date.now() + clockShiftMs),
    jobIntervalMs: 0,
    mail: {
      smtpUrl: sink.url,
      from: 'PTI Technical Support <tickets@pti.example>',
      supportName: 'PTI Support',
      pollIntervalMs: 50,
    },
    // Every request here comes from 127.0.0.1; the per-address limits get their own test below.
    rateLimits: {
      emailLinksPerAddress: { limit: 1000, windowMs: 60_000 },
      signInPerAddress: { limit: 1000, windowMs: 60_000 },
    },
  });
  api = jsonApi(server.url);
  admin = await createAccount(server.db, { role: 'admin' });
});
afterAll(async () => {
  await server?.close();
  await sink?.stop();
});
afterEach(() => {
  clockShiftMs = 0;
});

const hour = 60 * 60 * 1000;
let unique = 0;
const newEmail = (what: string) => `${what}-${Date.now()}-${++unique}@example.test`;

async function signIn(
  email: string,
  password: string,
): Promise<{ accessToken: string; refreshToken: string }> {
  const reply = await api.post('/auth/v1/sign-in', { email, password });
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return reply.body;
}

const mailTo = (address: string, subject: RegExp) =>
  sink.waitFor((e) => e.to.includes(address) && subject.test(e.subject));

function linkToken(email: ReceivedEmail, page: 'activate' | 'reset-password'): string {
  const match = new RegExp(`${server.url}/account/${page}\\?token=([\\w-]+)`).exec(email.text);
  expect(match, `no ${page} link in:\n${email.text}`).not.toBeNull();
  // The HTML version carries the same link.
  expect(email.html).toContain(`/account/${page}?token=${match![1]}`);
  return match![1]!;
}

const details = {
  name: 'Avery Collins',
  company: 'Lakeside Storage LLC',
  address: '12 Shore Road',
  city: 'Duluth',
  state: 'MN',
  zip: '55802',
  country: 'United States',
  phone: '+1 218-555-0134',
};

/** Requests an account and returns the activation token from the email that arrives. */
async function requestActivation(email: string): Promise<string> {
  const reply = await api.post('/auth/v1/request-account', { name: 'Avery', email });
  expect(reply.status).toBe(202);
  return linkToken(await mailTo(email, /Activate your PTI Support account/), 'activate');
}

describe('requesting and activating an account', () => {
  it('emails a link; a weak password is refused with the rule; then the account signs in', async () => {
    const email = newEmail('avery');
    const token = await requestActivation(email);

    const weak = await api.post('/auth/v1/activate', { ...details, token, password: 'short1' });
    expect(weak.status).toBe(400);
    expect(weak.body.error.message).toContain('password');
    expect(weak.body.error.message).toContain('at least 10 characters');
    expect(weak.body.error.issues).toContainEqual({
      path: 'password',
      message: expect.stringContaining('at least 10 characters'),
    });

    // The refused attempt did not use the link up.
    const password = 'lakeside-gate-2041';
    const activated = await api.post('/auth/v1/activate', { ...details, token, password });
    expect(activated.status).toBe(200);
    expect(activated.body.email).toBe(email);

    const session = await signIn(email, password);
    const settings = MySettings.parse(
      (await api.get('/account/v1/settings', session.accessToken)).body,
    );
    expect(settings).toMatchObject({
      name: 'Avery Collins',
      email,
      role: 'site_manager',
      phones: [{ type: 'work', number: details.phone }],
      organisation: {
        company: 'Lakeside Storage LLC',
        address: '12 Shore Road',
        city: 'Duluth',
        state: 'MN',
        zip: '55802',
        country: 'United States',
        contactName: 'Avery Collins',
        supportTier: 'free',
        editable: true,
      },
    });

    // The link works once.
    const again = await api.post('/auth/v1/activate', { ...details, token, password });
    expect(again.status).toBe(400);
    expect(again.body.error.message).toMatch(/expired or was already used/);
  });

  it('refuses a link older than 48 hours', async () => {
    const email = newEmail('late');
    const token = await requestActivation(email);
    clockShiftMs = 48 * hour + 60_000;
    const late = await api.post('/auth/v1/activate', {
      ...details,
      token,
      password: 'late-but-long-enough',
    });
    expect(late.status).toBe(400);
    expect(late.body.error.message).toMatch(/expired/);
  });

  it('answers a known and an unknown address identically, and emails only the owner', async () => {
    const known = await api.post('/auth/v1/request-account', {
      name: 'Someone',
      email: DEMO_SITE_MANAGER.email.toUpperCase(),
    });
    const unknownEmail = newEmail('stranger');
    const unknown = await api.post('/auth/v1/request-account', {
      name: 'Someone',
      email: unknownEmail,
    });
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(known.body).toEqual(unknown.body);

    // The owner of the known address hears that they already have an account; no link to a
    // second one, and nothing that could take theirs over.
    const reminder = await mailTo(DEMO_SITE_MANAGER.email, /Your PTI Support account/);
    expect(reminder.text).toContain('already have one');
    expect(reminder.text).not.toMatch(/token=/);

    const resetKnown = await api.post('/auth/v1/request-password-reset', {
      email: DEMO_TECHNICIAN.email,
    });
    const resetUnknown = await api.post('/auth/v1/request-password-reset', {
      email: newEmail('nobody'),
    });
    expect(resetKnown.status).toBe(202);
    expect(resetUnknown.status).toBe(202);
    expect(resetKnown.body).toEqual(resetUnknown.body);
  });
});

describe('the pages the emailed links open', () => {
  const postForm = (path: string, fields: Record<string, string>) =>
    fetch(server.url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });

  it('activate an account with a plain form that keeps what was typed when something is wrong', async () => {
    const email = newEmail('browser');
    const token = await requestActivation(email);

    const page = await fetch(`${server.url}/account/activate?token=${token}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await page.text();
    expect(html).toContain('Confirm your account');
    expect(html).toContain('value="Avery"');
    expect(html).toContain('at least 10 characters');

    const typed = {
      token,
      ...details,
      company: 'Shore & Sons <Storage>',
      password: 'long-enough-pass',
      confirmPassword: 'different-pass-1',
    };
    const refused = await postForm('/account/activate', typed);
    expect(refused.status).toBe(400);
    const again = await refused.text();
    expect(again).toContain('does not match the password');
    expect(again).toContain('value="Shore &amp; Sons &lt;Storage&gt;"');
    expect(again).not.toContain('long-enough-pass');

    const done = await postForm('/account/activate', { ...typed, confirmPassword: typed.password });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('Your account is active');
    await signIn(email, typed.password);

    expect((await fetch(`${server.url}/account/activate?token=${token}`)).status).toBe(410);
  });

  it('reset a password with a plain form', async () => {
    const account = await createAccount(server.db, { role: 'technician' });
    await api.post('/auth/v1/request-password-reset', { email: account.email });
    const token = linkToken(await mailTo(account.email, /Reset your/), 'reset-password');
    expect((await fetch(`${server.url}/account/reset-password?token=${token}`)).status).toBe(200);
    const short = await postForm('/account/reset-password', {
      token,
      password: 'short',
      confirmPassword: 'short',
    });
    expect(short.status).toBe(400);
    expect(await short.text()).toContain('at least 10 characters');
    const done = await postForm('/account/reset-password', {
      token,
      password: 'new-form-password',
      confirmPassword: 'new-form-password',
    });
    expect(done.status).toBe(200);
    await signIn(account.email, 'new-form-password');
  });
});

describe('passwords', () => {
  it('resets by a single-use emailed link; the old password and every session stop working', async () => {
    const account = await createAccount(server.db, { role: 'technician' });
    const oldSession = await signIn(account.email, account.password);

    expect(
      (await api.post('/auth/v1/request-password-reset', { email: account.email })).status,
    ).toBe(202);
    const email = await mailTo(account.email, /Reset your PTI Support password/);
    expect(email.text).not.toContain(account.password);
    const token = linkToken(email, 'reset-password');

    const weak = await api.post('/auth/v1/reset-password', { token, password: 'tooshort' });
    expect(weak.status).toBe(400);
    expect(weak.body.error.message).toContain('at least 10 characters');

    const newPassword = 'a-much-longer-passphrase';
    const reset = await api.post('/auth/v1/reset-password', { token, password: newPassword });
    expect(reset.status).toBe(200);

    expect(
      (await api.post('/auth/v1/sign-in', { email: account.email, password: account.password }))
        .status,
    ).toBe(401);
    await signIn(account.email, newPassword);
    expect((await api.get('/account/v1/settings', oldSession.accessToken)).status).toBe(401);
    expect(
      (await api.post('/auth/v1/refresh', { refreshToken: oldSession.refreshToken })).status,
    ).toBe(401);

    const reused = await api.post('/auth/v1/reset-password', {
      token,
      password: 'yet-another-passphrase',
    });
    expect(reused.status).toBe(400);
    await signIn(account.email, newPassword);

    const changed = await mailTo(account.email, /password was changed/);
    expect(changed.text).not.toContain(newPassword);
  });

  it('refuses a reset link after an hour', async () => {
    const account = await createAccount(server.db, { role: 'installer' });
    await api.post('/auth/v1/request-password-reset', { email: account.email });
    const token = linkToken(await mailTo(account.email, /Reset your/), 'reset-password');
    clockShiftMs = hour + 60_000;
    const late = await api.post('/auth/v1/reset-password', {
      token,
      password: 'long-enough-password',
    });
    expect(late.status).toBe(400);
    clockShiftMs = 0;
    await signIn(account.email, account.password);
  });

  it('changes a password only with the current one, and ends the other sessions', async () => {
    const account = await createAccount(server.db, { role: 'technician' });
    const here = await signIn(account.email, account.password);
    const elsewhere = await signIn(account.email, account.password);

    const wrong = await api.post(
      '/auth/v1/change-password',
      { currentPassword: 'not-the-password', newPassword: 'brand-new-passphrase' },
      here.accessToken,
    );
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.issues).toEqual([
      { path: 'currentPassword', message: 'is not correct' },
    ]);

    const changed = await api.post(
      '/auth/v1/change-password',
      { currentPassword: account.password, newPassword: 'brand-new-passphrase' },
      here.accessToken,
    );
    expect(changed.status).toBe(200);
    expect((await api.get('/account/v1/settings', here.accessToken)).status).toBe(200);
    expect((await api.get('/account/v1/settings', elsewhere.accessToken)).status).toBe(401);
    await signIn(account.email, 'brand-new-passphrase');
  });
});

describe('sign-out', () => {
  it('ends the session: its access and refresh tokens stop working, other sessions do not', async () => {
    const account = await createAccount(server.db, { role: 'technician' });
    const session = await signIn(account.email, account.password);
    const other = await signIn(account.email, account.password);
    expect((await api.get('/account/v1/settings', session.accessToken)).status).toBe(200);

    const out = await api.post('/auth/v1/sign-out', undefined, session.accessToken);
    expect(out.status).toBe(204);
    expect((await api.get('/account/v1/settings', session.accessToken)).status).toBe(401);
    expect(
      (await api.post('/auth/v1/refresh', { refreshToken: session.refreshToken })).status,
    ).toBe(401);
    expect((await api.get('/account/v1/settings', other.accessToken)).status).toBe(200);
  });
});

describe('rate limiting', () => {
  it('refuses the 6th wrong sign-in within a minute with 429 and Retry-After, even with the right password', async () => {
    const account = await createAccount(server.db, {
      role: 'site_manager',
      organisationId: await createOrganisation(server.db, { name: 'Limits Co' }),
    });
    for (let attempt = 1; attempt <= 5; attempt++) {
      const wrong = await api.post('/auth/v1/sign-in', {
        email: account.email,
        password: `wrong-${attempt}`,
      });
      expect(wrong.status).toBe(401);
    }
    const sixth = await api.post('/auth/v1/sign-in', {
      email: account.email,
      password: account.password,
    });
    expect(sixth.status).toBe(429);
    const retryAfter = Number(sixth.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(sixth.body.error.code).toBe('rate_limited');
    expect(sixth.body.error.message).toMatch(/Too many failed sign-ins.*Wait \d+ seconds/);

    // Another account from the same address is not locked out.
    expect((await api.post('/auth/v1/sign-in', DEMO_TECHNICIAN)).status).toBe(200);

    clockShiftMs = 61_000;
    await signIn(account.email, account.password);
  });

  it('limits account and reset requests per address and per recipient', async () => {
    const limited = await startServerOnPostgres({
      label: 'limits',
      jobIntervalMs: 0,
      rateLimits: { emailLinksPerAddress: { limit: 4, windowMs: 60_000 } },
    });
    try {
      const limitedApi = jsonApi(limited.url);
      const target = newEmail('flooded');
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        statuses.push(
          (await limitedApi.post('/auth/v1/request-password-reset', { email: target })).status,
        );
      }
      // Three per recipient, then the recipient is protected from a flood...
      expect(statuses).toEqual([202, 202, 202, 429]);
      // The refused request did not count; the address has one of its four left.
      const fourth = await limitedApi.post('/auth/v1/request-account', {
        name: 'X',
        email: newEmail('other'),
      });
      expect(fourth.status).toBe(202);
      const fifth = await limitedApi.post('/auth/v1/request-account', {
        name: 'X',
        email: newEmail('other'),
      });
      expect(fifth.status).toBe(429);
      expect(fifth.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(fifth.body.error.message).toMatch(/Too many requests/);
    } finally {
      await limited.close();
    }
  });
});

describe('my settings', () => {
  it('refuses a time zone that is not an IANA name, naming the field', async () => {
    const session = await signIn(DEMO_TECHNICIAN.email, DEMO_TECHNICIAN.password);
    const bad = await api.put(
      '/account/v1/settings',
      { timezone: 'Mars/Olympus_Mons' },
      session.accessToken,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^Invalid input — timezone: /);
    expect(bad.body.error.issues[0].path).toBe('timezone');

    const good = await api.put(
      '/account/v1/settings',
      { timezone: 'US/Central' },
      session.accessToken,
    );
    expect(good.status).toBe(200);
    expect(good.body.timezone).toBe('America/Chicago');
  });

  it('saves phones and name; an email change needs the password; organisation details are for its managers', async () => {
    const organisationId = await createOrganisation(server.db, { name: 'Settings Storage' });
    const manager = await createAccount(server.db, { role: 'site_manager', organisationId });
    const installer = await createAccount(server.db, { role: 'installer', organisationId });
    const session = await signIn(manager.email, manager.password);

    const phones = [
      { type: 'mobile', number: '+1 612-555-0101' },
      { type: 'work', number: '612-555-0102 x12' },
    ];
    const saved = await api.put(
      '/account/v1/settings',
      { name: 'Robin Vale', phones },
      session.accessToken,
    );
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ name: 'Robin Vale', phones });

    const badPhone = await api.put(
      '/account/v1/settings',
      { phones: [{ type: 'fax', number: '1' }] },
      session.accessToken,
    );
    expect(badPhone.status).toBe(400);
    expect(badPhone.body.error.issues[0].path).toBe('phones.0.type');

    const newAddress = newEmail('robin');
    const noPassword = await api.put(
      '/account/v1/settings',
      { email: newAddress },
      session.accessToken,
    );
    expect(noPassword.status).toBe(400);
    expect(noPassword.body.error.issues[0].path).toBe('currentPassword');
    const taken = await api.put(
      '/account/v1/settings',
      { email: DEMO_TECHNICIAN.email, currentPassword: manager.password },
      session.accessToken,
    );
    expect(taken.status).toBe(409);
    const moved = await api.put(
      '/account/v1/settings',
      { email: newAddress, currentPassword: manager.password },
      session.accessToken,
    );
    expect(moved.status).toBe(200);
    await signIn(newAddress, manager.password);

    const organisation = {
      company: 'Settings Storage Inc.',
      contactName: 'Robin Vale',
      contactPhone: '612-555-0199',
    };
    const managed = await api.put('/account/v1/settings', { organisation }, session.accessToken);
    expect(managed.status).toBe(200);
    expect(managed.body.organisation).toMatchObject(organisation);

    const installerSession = await signIn(installer.email, installer.password);
    const refused = await api.put(
      '/account/v1/settings',
      { organisation: { company: 'Mine now' } },
      installerSession.accessToken,
    );
    expect(refused.status).toBe(403);
    const view = await api.get('/account/v1/settings', installerSession.accessToken);
    expect(view.body.organisation).toMatchObject({
      company: 'Settings Storage Inc.',
      editable: false,
    });
  });
});

describe('admin', () => {
  it('is for admins only', async () => {
    const tech = await signIn(DEMO_TECHNICIAN.email, DEMO_TECHNICIAN.password);
    expect((await api.get('/admin/v1/users', tech.accessToken)).status).toBe(403);
    expect((await api.get('/admin/v1/organisations', tech.accessToken)).status).toBe(403);
    expect((await api.get('/admin/v1/users')).status).toBe(401);
  });

  it('lists users, sets a role, and sets a tier whose expiry turns preferred into free', async () => {
    const session = await signIn(admin.email, admin.password);
    const organisationId = await createOrganisation(server.db, { name: 'Tiered Storage' });
    const person = await createAccount(server.db, { role: 'installer', organisationId });

    const listed = await api.get(
      `/admin/v1/users?organisationId=${organisationId}`,
      session.accessToken,
    );
    expect(listed.status).toBe(200);
    expect(listed.body.users.map((u: { id: string }) => u.id)).toEqual([person.id]);

    const promoted = await api.patch(
      `/admin/v1/users/${person.id}`,
      { role: 'site_manager' },
      session.accessToken,
    );
    expect(promoted.status).toBe(200);
    expect(promoted.body.role).toBe('site_manager');
    const orphan = await api.patch(
      `/admin/v1/users/${person.id}`,
      { organisationId: null },
      session.accessToken,
    );
    expect(orphan.status).toBe(400);
    expect(orphan.body.error.issues[0].path).toBe('organisationId');

    const tierExpiresAt = new Date(Date.now() + 2 * hour).toISOString();
    const tier = await api.put(
      `/admin/v1/organisations/${organisationId}/tier`,
      { supportTier: 'preferred', tierExpiresAt },
      session.accessToken,
    );
    expect(tier.status).toBe(200);
    expect(tier.body).toMatchObject({ supportTier: 'preferred', effectiveTier: 'preferred' });

    // Three hours on, the agreement has run out: the organisation gets free support.
    clockShiftMs = 3 * hour;
    const later = await signIn(admin.email, admin.password);
    const organisations = await api.get('/admin/v1/organisations', later.accessToken);
    const row = organisations.body.organisations.find(
      (o: { id: string }) => o.id === organisationId,
    );
    expect(row).toMatchObject({ supportTier: 'preferred', effectiveTier: 'free' });
    const manager = await signIn(person.email, person.password);
    const settings = await api.get('/account/v1/settings', manager.accessToken);
    expect(settings.body.organisation.supportTier).toBe('free');
  });
});

describe('site PTI secrets', () => {
  it('are visible to admins only until support PINs exist', async () => {
    const site = await server.db
      .selectFrom('sites')
      .select(['id', 'organisation_id'])
      .executeTakeFirstOrThrow();
    const viewer = (role: TestAccount['role'], organisationId: string | null) => ({
      userId: 'x',
      role,
      organisationId,
    });
    expect(await siteSecretsVisibleTo(viewer('admin', null), site.id, server.db)).toBe(true);
    expect(await siteSecretsVisibleTo(viewer('technician', null), site.id, server.db)).toBe(false);
    expect(
      await siteSecretsVisibleTo(viewer('installer', site.organisation_id), site.id, server.db),
    ).toBe(false);
    expect(
      await siteSecretsVisibleTo(viewer('site_manager', site.organisation_id), site.id, server.db),
    ).toBe(false);
  });
});

describe('API description', () => {
  it('serves OpenAPI at /docs/json listing the routes, with their schemas', async () => {
    const response = await fetch(`${server.url}/docs/json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as {
      openapi: string;
      paths: Record<
        string,
        Record<
          string,
          {
            requestBody?: {
              content: Record<string, { schema: { properties: Record<string, unknown> } }>;
            };
          }
        >
      >;
    };
    expect(document.openapi).toMatch(/^3\./);
    for (const [path, method] of [
      ['/auth/v1/sign-in', 'post'],
      ['/auth/v1/request-account', 'post'],
      ['/auth/v1/activate', 'post'],
      ['/auth/v1/sign-out', 'post'],
      ['/auth/v1/request-password-reset', 'post'],
      ['/auth/v1/reset-password', 'post'],
      ['/account/v1/settings', 'put'],
      ['/admin/v1/users', 'get'],
      ['/blobs/{sha256}', 'put'],
      ['/blobs/{sha256}', 'get'],
      ['/sync/v1/pull', 'post'],
    ] as const) {
      expect(document.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    }
    const activation =
      document.paths['/auth/v1/activate']!.post!.requestBody!.content['application/json']!.schema;
    expect(Object.keys(activation.properties)).toEqual(
      expect.arrayContaining(['token', 'password', 'company', 'city', 'zip', 'country', 'phone']),
    );
    const page = await fetch(`${server.url}/docs`, { redirect: 'follow' });
    expect(page.status).toBe(200);
  });
});
