import { randomInt, randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type {
  SupportPinIssued,
  SupportPinRedeemed,
  SupportPinStatus,
} from '../../src-shared/domain/units.js';
import { siteSecretsVisibleTo } from '../access/site-secrets.js';
import { decoyPasswordHash, hashPassword, verifyPassword } from '../auth/password.js';
import { toSeq } from '../db/schema.js';
import type { Database } from '../db/schema.js';
import { enqueueEmail } from '../mail/outbox.js';
import { supportPinLockedEmail } from '../mail/templates.js';
import type { MailContext } from '../mail/ticket-notifications.js';
import { failure, success } from '../outcome.js';
import type { Outcome } from '../outcome.js';
import type { ServerSecretBox } from '../secrets/server-key.js';
import { seesAllOrganisations } from '../viewer.js';
import type { Viewer } from '../viewer.js';
import { listSiteEvents, recordSiteEvent } from './audit.js';
import { isOwnSite, visibleSite } from './site-access.js';
import type { SiteRecord } from './site-access.js';
import { noSecrets, openSiteSecrets, siteSecretsStoredAt } from './site-secrets.js';

/**
 * The one-time support PIN (DESIGN.md, "Support PIN"; seed 004): a site manager issues a
 * six-digit PIN for one of their sites and gives it to a technician, who presents it once to get
 * the site's PTI configuration. Only a slow hash is kept. A PIN stops working when it is used,
 * when its time is up, when a new one replaces it, when the manager clears it, and after
 * `maxWrongAttempts` wrong tries (the site's managers are emailed). Every step is in the site's
 * audit history.
 */
export interface SupportPinContext {
  db: Kysely<Database>;
  now: () => Date;
  box: ServerSecretBox;
  mail: MailContext;
}

export const maxWrongAttempts = 5;
const issuerRoles = ['site_manager'];
const historyRoles = ['site_manager', 'installer'];

type Trx = Transaction<Database>;

const minutes = (ms: number) => Math.round(ms / 60_000);

async function defaultTtlMs(db: Kysely<Database> | Trx): Promise<number> {
  const row = await db
    .selectFrom('server_settings')
    .select('support_pin_ttl_ms')
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  return toSeq(row.support_pin_ttl_ms);
}

/** Ends every PIN of the site that still works; true when there was one. */
async function revokeActive(trx: Trx, siteId: string, now: Date): Promise<boolean> {
  const revoked = await trx
    .updateTable('support_pins')
    .set({ revoked_at: now })
    .where('site_id', '=', siteId)
    .where('revoked_at', 'is', null)
    .where('redeemed_at', 'is', null)
    .where('locked_at', 'is', null)
    .where('expires_at', '>', now)
    .returning('id')
    .execute();
  return revoked.length > 0;
}

function mayIssue(viewer: Viewer, site: SiteRecord): boolean {
  return viewer.role === 'admin' || isOwnSite(viewer, site, issuerRoles);
}

const notIssuer = () =>
  failure('forbidden', "Only the site's managers (or an admin) issue and clear its support PIN.");

/** Issues a PIN (replacing the one that works now, if any) and answers it, once. */
export async function issueSupportPin(
  ctx: SupportPinContext,
  viewer: Viewer,
  siteId: string,
  options: { ttlMinutes?: number } = {},
): Promise<Outcome<SupportPinIssued>> {
  const site = await visibleSite(ctx.db, viewer, siteId);
  if (!site.ok) return site;
  if (!mayIssue(viewer, site.value)) return notIssuer();

  const pin = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const pinHash = await hashPassword(pin);
  return ctx.db.transaction().execute(async (trx) => {
    const now = ctx.now();
    const ttlMs =
      options.ttlMinutes !== undefined ? options.ttlMinutes * 60_000 : await defaultTtlMs(trx);
    const expiresAt = new Date(now.getTime() + ttlMs);
    const replaced = await revokeActive(trx, siteId, now);
    await trx
      .insertInto('support_pins')
      .values({
        id: randomUUID(),
        site_id: siteId,
        pin_hash: pinHash,
        issued_by: viewer.userId,
        issued_at: now,
        expires_at: expiresAt,
      })
      .execute();
    await recordSiteEvent(trx, {
      siteId,
      kind: 'support_pin_issued',
      actorId: viewer.userId,
      detail:
        `Issued a support PIN that works once, for ${minutes(ttlMs)} minutes.` +
        (replaced ? ' It replaces the PIN issued before, which no longer works.' : ''),
      at: now,
    });
    return success({
      siteId,
      pin,
      issuedAt: now.toISOString(),
      expiresAt: expiresAt.toISOString(),
    });
  });
}

export async function clearSupportPin(
  ctx: SupportPinContext,
  viewer: Viewer,
  siteId: string,
): Promise<Outcome<{ cleared: boolean }>> {
  const site = await visibleSite(ctx.db, viewer, siteId);
  if (!site.ok) return site;
  if (!mayIssue(viewer, site.value)) return notIssuer();
  return ctx.db.transaction().execute(async (trx) => {
    const now = ctx.now();
    const cleared = await revokeActive(trx, siteId, now);
    if (cleared) {
      await recordSiteEvent(trx, {
        siteId,
        kind: 'support_pin_cleared',
        actorId: viewer.userId,
        detail: 'Cleared the support PIN; it no longer works.',
        at: now,
      });
    }
    return success({ cleared });
  });
}

/** The PIN that works now (never its digits), a lock, and the site's audit history. */
export async function supportPinStatus(
  ctx: SupportPinContext,
  viewer: Viewer,
  siteId: string,
): Promise<Outcome<SupportPinStatus>> {
  const site = await visibleSite(ctx.db, viewer, siteId);
  if (!site.ok) return site;
  if (viewer.role !== 'admin' && !isOwnSite(viewer, site.value, historyRoles)) {
    return failure(
      'forbidden',
      "A site's support PIN and audit history are for its own managers and installers (and admins).",
    );
  }
  const now = ctx.now();
  const newest = await ctx.db
    .selectFrom('support_pins as p')
    .leftJoin('users as u', 'u.id', 'p.issued_by')
    .select([
      'p.issued_at',
      'p.expires_at',
      'p.failed_attempts',
      'p.locked_at',
      'p.revoked_at',
      'p.redeemed_at',
      'u.name as issuer',
    ])
    .where('p.site_id', '=', siteId)
    .orderBy('p.issued_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const works =
    newest !== undefined &&
    newest.revoked_at === null &&
    newest.redeemed_at === null &&
    newest.locked_at === null &&
    newest.expires_at > now;
  return success({
    siteId,
    active: works
      ? {
          issuedAt: newest.issued_at.toISOString(),
          expiresAt: newest.expires_at.toISOString(),
          issuedBy: newest.issuer ?? null,
          wrongAttempts: newest.failed_attempts,
        }
      : null,
    lockedAt: newest?.locked_at ? newest.locked_at.toISOString() : null,
    events: await listSiteEvents(ctx.db, siteId),
  });
}

/**
 * A technician presents a PIN. Right: the PIN is used up and the answer carries the site's PTI
 * configuration, once. Wrong: the attempt counts against the PIN, and the last allowed wrong
 * attempt locks it and emails the site's managers. The PIN row is locked for the whole check,
 * so two attempts at once are counted one after the other and a PIN is never redeemed twice.
 */
export async function redeemSupportPin(
  ctx: SupportPinContext,
  viewer: Viewer,
  siteId: string,
  pin: string,
): Promise<Outcome<SupportPinRedeemed>> {
  const site = await visibleSite(ctx.db, viewer, siteId);
  if (!site.ok) return site;
  if (!seesAllOrganisations(viewer)) {
    return failure(
      'forbidden',
      "Support PINs are for support technicians. As the site's own staff, open its settings directly.",
    );
  }
  if ((await siteSecretsStoredAt(ctx.db, siteId)) === null) return noSecrets();

  let woke = false;
  const outcome = await ctx.db.transaction().execute(async (trx) => {
    const now = ctx.now();
    // The newest PIN decides: an older one has been replaced.
    const current = await trx
      .selectFrom('support_pins')
      .select([
        'id',
        'pin_hash',
        'failed_attempts',
        'expires_at',
        'locked_at',
        'revoked_at',
        'redeemed_at',
      ])
      .where('site_id', '=', siteId)
      .orderBy('issued_at', 'desc')
      .limit(1)
      .forUpdate()
      .executeTakeFirst();
    const usable =
      current !== undefined &&
      current.revoked_at === null &&
      current.redeemed_at === null &&
      current.locked_at === null &&
      current.expires_at > now;
    // A wrong PIN, no PIN and an expired PIN cost the same time, so timing tells nothing.
    const right = await verifyPassword(pin, usable ? current.pin_hash : await decoyPasswordHash());

    if (usable && right) {
      // Opened before the PIN is used up: a server that cannot open them keeps the PIN working.
      const secrets = await openSiteSecrets(trx, ctx.box, siteId);
      if (!secrets.ok) return secrets;
      await trx
        .updateTable('support_pins')
        .set({ redeemed_at: now, redeemed_by: viewer.userId })
        .where('id', '=', current.id)
        .execute();
      if (!(await siteSecretsVisibleTo(viewer, siteId, trx, now))) {
        throw new Error('a redeemed support PIN did not release the site secrets');
      }
      await recordSiteEvent(trx, {
        siteId,
        kind: 'support_pin_redeemed',
        actorId: viewer.userId,
        detail:
          "Entered the support PIN and received the site's PTI configuration. The PIN is used up.",
        at: now,
      });
      const { id, code, name, timezone } = site.value;
      return success({
        site: { id, code, name, timezone },
        secrets: secrets.value,
        redeemedAt: now.toISOString(),
      });
    }

    if (!usable) {
      await recordSiteEvent(trx, {
        siteId,
        kind: 'support_pin_refused',
        actorId: viewer.userId,
        detail: `Entered a support PIN ${whyNotUsable(current, now)}.`,
        at: now,
      });
      return current?.locked_at ? lockedPin() : refusedPin();
    }

    const attempts = current.failed_attempts + 1;
    const locks = attempts >= maxWrongAttempts;
    await trx
      .updateTable('support_pins')
      .set({ failed_attempts: attempts, ...(locks ? { locked_at: now } : {}) })
      .where('id', '=', current.id)
      .execute();
    if (!locks) {
      await recordSiteEvent(trx, {
        siteId,
        kind: 'support_pin_refused',
        actorId: viewer.userId,
        detail: `Entered a wrong support PIN (${attempts} of ${maxWrongAttempts} allowed wrong tries).`,
        at: now,
      });
      return refusedPin();
    }
    await recordSiteEvent(trx, {
      siteId,
      kind: 'support_pin_locked',
      actorId: viewer.userId,
      detail: `Entered a wrong support PIN for the ${maxWrongAttempts}th time: the PIN is locked and no longer works. The site's managers were emailed.`,
      at: now,
    });
    await emailManagersOfLock(trx, ctx.mail, site.value, viewer, now);
    woke = true;
    return lockedPin();
  });
  if (woke) ctx.mail.wake();
  return outcome;
}

function whyNotUsable(
  pin:
    | {
        locked_at: Date | null;
        revoked_at: Date | null;
        redeemed_at: Date | null;
        expires_at: Date;
      }
    | undefined,
  now: Date,
): string {
  if (pin === undefined) return 'while none had been issued for this site';
  if (pin.locked_at) return 'while the PIN was locked after too many wrong tries';
  if (pin.redeemed_at) return 'that had already been used';
  if (pin.revoked_at) return 'after it had been cleared';
  return pin.expires_at <= now ? 'after it had expired' : 'that no longer works';
}

const refusedPin = () =>
  failure(
    'forbidden',
    "That support PIN does not work for this site. Check the six digits, or ask the site's manager for a new PIN: a PIN works once and only until it expires.",
  );

const lockedPin = () =>
  failure(
    'rate_limited',
    `A wrong support PIN was entered ${maxWrongAttempts} times, so this site's PIN is locked. The site's managers were told; ask them for a new PIN.`,
  );

async function emailManagersOfLock(
  trx: Trx,
  mail: MailContext,
  site: SiteRecord,
  viewer: Viewer,
  now: Date,
): Promise<void> {
  const technician = await trx
    .selectFrom('users')
    .select('name')
    .where('id', '=', viewer.userId)
    .executeTakeFirst();
  const managers = await trx
    .selectFrom('users')
    .select(['email', 'name'])
    .where('organisation_id', '=', site.organisation_id)
    .where('role', '=', 'site_manager')
    .where('password_hash', 'is not', null)
    .orderBy('email')
    .execute();
  for (const to of managers) {
    await enqueueEmail(
      trx,
      {
        kind: 'support_pin_locked',
        to,
        content: supportPinLockedEmail(mail.brand, {
          name: to.name,
          siteName: site.name,
          siteCode: site.code,
          attempts: maxWrongAttempts,
          lastBy: technician?.name ?? 'a technician',
        }),
      },
      now,
    );
  }
}
