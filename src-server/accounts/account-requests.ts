import { randomUUID } from 'node:crypto';
import type {
  AcceptedResponse,
  ActivateAccountRequest,
  RequestAccountRequest,
} from '../../src-shared/accounts.js';
import { hashPassword } from '../auth/password.js';
import { enqueueEmail } from '../mail/outbox.js';
import { accountExistsEmail, activationEmail } from '../mail/templates.js';
import { failure, success } from '../outcome.js';
import type { Outcome } from '../outcome.js';
import { consumeAccountToken, issueAccountToken } from './account-tokens.js';
import { accountLink, findUserByEmail } from './context.js';
import type { AccountContext } from './context.js';
import { recordUserChange } from './user-changes.js';
import { recordOrganisationChange } from './organisation-changes.js';

/** New accounts start in the business-hours zone of DESIGN.md; "my settings" changes it. */
const defaultTimezone = 'America/New_York';

/**
 * "Request account" (name and email). The answer is the same whether or not the address has an
 * account, so nobody can use this form to find out who is a customer. Either way an email goes
 * to the address: an activation link for a new one, a reminder to sign in for a known one.
 */
export async function requestAccount(
  context: AccountContext,
  input: RequestAccountRequest,
): Promise<AcceptedResponse> {
  const now = context.now();
  await context.db.transaction().execute(async (trx) => {
    const existing = await findUserByEmail(trx, input.email);
    if (existing) {
      await enqueueEmail(
        trx,
        {
          kind: 'account_exists',
          to: { email: existing.email, name: existing.name },
          content: accountExistsEmail(context.mail.brand, { name: existing.name }),
        },
        now,
      );
      return;
    }
    const ttlMs = context.tokens.activationTtlMs;
    const { token } = await issueAccountToken(trx, {
      purpose: 'activation',
      email: input.email,
      name: input.name,
      now,
      ttlMs,
    });
    await enqueueEmail(
      trx,
      {
        kind: 'account_activation',
        to: { email: input.email, name: input.name },
        content: activationEmail(context.mail.brand, {
          name: input.name,
          link: accountLink(context.mail, 'activate', token),
          validHours: Math.round(ttlMs / 3_600_000),
        }),
      },
      now,
    );
  });
  context.mail.wake();
  return {
    message:
      'Thank you. We have sent you an email with instructions to activate your account. If it does not arrive within a few minutes, check your spam folder.',
  };
}

export interface ActivatedAccount {
  message: string;
  email: string;
}

/**
 * "Confirm your Account": the emailed link's token, a full name, a password and the company's
 * details. Creates the company's organisation and the user as its site manager. Joining an
 * existing organisation is an admin's decision (by name alone anyone could claim a company).
 */
export async function activateAccount(
  context: AccountContext,
  input: ActivateAccountRequest,
): Promise<Outcome<ActivatedAccount>> {
  // Hashing is slow on purpose; it happens before the transaction holds any lock.
  const passwordHash = await hashPassword(input.password);
  const now = context.now();
  return context.db.transaction().execute(async (trx): Promise<Outcome<ActivatedAccount>> => {
    const token = await consumeAccountToken(trx, input.token, 'activation', now);
    if (!token) {
      return failure(
        'invalid_input',
        'This activation link has expired or was already used. Request an account again to get a new link.',
        [{ path: 'token', message: 'expired or already used' }],
      );
    }
    if (await findUserByEmail(trx, token.email)) {
      return failure(
        'conflict',
        `${token.email} already has an active account. Sign in, or reset your password if you have forgotten it.`,
      );
    }

    const organisationId = randomUUID();
    await trx
      .insertInto('organisations')
      .values({
        id: organisationId,
        name: input.company,
        address: input.address,
        city: input.city,
        state: input.state,
        zip: input.zip,
        country: input.country,
        phone: input.phone,
        contact_name: input.name,
        contact_phone: input.phone,
        support_tier: 'free',
        tier_expires_at: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await recordOrganisationChange(trx, organisationId, now);
    const userId = randomUUID();
    await trx
      .insertInto('users')
      .values({
        id: userId,
        name: input.name,
        email: token.email,
        role: 'site_manager',
        organisation_id: organisationId,
        timezone: defaultTimezone,
        password_hash: passwordHash,
        created_at: now,
        updated_at: now,
        version: 0,
      })
      .execute();
    await trx
      .insertInto('user_phones')
      .values({ user_id: userId, position: 0, type: 'work', number: input.phone })
      .execute();
    await recordUserChange(trx, { id: userId, organisationId }, now);
    return success({
      message: 'Your account is active. Sign in with your email address and your new password.',
      email: token.email,
    });
  });
}
