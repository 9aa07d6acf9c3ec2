import type {
  AcceptedResponse,
  ChangePasswordRequest,
  PasswordResetRequest,
  ResetPasswordRequest,
} from '../../src-shared/accounts.js';
import { hashPassword, verifyPassword } from '../auth/password.js';
import { tokenDigest } from '../auth/tokens.js';
import { enqueueEmail } from '../mail/outbox.js';
import { passwordChangedEmail, passwordResetEmail } from '../mail/templates.js';
import { failure, success } from '../outcome.js';
import type { Outcome } from '../outcome.js';
import { consumeAccountToken, issueAccountToken } from './account-tokens.js';
import { accountLink, findUserByEmail } from './context.js';
import type { AccountContext } from './context.js';

/**
 * "Forgot password". Answers the same whether or not the address has an account; only a real
 * account gets an email, with a single-use link.
 */
export async function requestPasswordReset(
  context: AccountContext,
  input: PasswordResetRequest,
): Promise<AcceptedResponse> {
  const now = context.now();
  await context.db.transaction().execute(async (trx) => {
    const user = await findUserByEmail(trx, input.email);
    if (!user) return;
    const ttlMs = context.tokens.passwordResetTtlMs;
    const { token } = await issueAccountToken(trx, {
      purpose: 'password_reset',
      email: user.email,
      userId: user.id,
      now,
      ttlMs,
    });
    await enqueueEmail(
      trx,
      {
        kind: 'password_reset',
        to: { email: user.email, name: user.name },
        content: passwordResetEmail(context.mail.brand, {
          name: user.name,
          link: accountLink(context.mail, 'reset-password', token),
          validMinutes: Math.round(ttlMs / 60_000),
        }),
      },
      now,
    );
  });
  context.mail.wake();
  return {
    message:
      'If this address has an account, we have sent it an email with a link to choose a new password. The link works once.',
  };
}

/** Sets a new password from an emailed link; every session of the account ends. */
export async function resetPassword(
  context: AccountContext,
  input: ResetPasswordRequest,
): Promise<Outcome<{ message: string }>> {
  const passwordHash = await hashPassword(input.password);
  const now = context.now();
  const outcome = await context.db
    .transaction()
    .execute(async (trx): Promise<Outcome<{ message: string }>> => {
      const token = await consumeAccountToken(trx, input.token, 'password_reset', now);
      const user =
        token?.user_id &&
        (await trx
          .selectFrom('users')
          .select(['id', 'name', 'email'])
          .where('id', '=', token.user_id)
          .executeTakeFirst());
      if (!user) {
        return failure(
          'invalid_input',
          'This password reset link has expired or was already used. Ask for a new one with "Forgot password".',
          [{ path: 'token', message: 'expired or already used' }],
        );
      }
      await trx
        .updateTable('users')
        .set({ password_hash: passwordHash, updated_at: now })
        .where('id', '=', user.id)
        .execute();
      await trx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
      await notifyPasswordChanged(context, trx, user, now);
      return success({
        message: 'Your password has been changed. Sign in with the new one.',
      });
    });
  if (outcome.ok) context.mail.wake();
  return outcome;
}

/**
 * Changes the signed-in user's password. The current password is required; the session that
 * made the change stays signed in and every other one ends.
 */
export async function changePassword(
  context: AccountContext,
  args: { userId: string; accessToken: string; input: ChangePasswordRequest },
): Promise<Outcome<{ message: string }>> {
  const user = await context.db
    .selectFrom('users')
    .select(['id', 'name', 'email', 'password_hash'])
    .where('id', '=', args.userId)
    .executeTakeFirstOrThrow();
  const currentOk =
    user.password_hash !== null &&
    (await verifyPassword(args.input.currentPassword, user.password_hash));
  if (!currentOk) {
    return failure('invalid_input', 'Invalid input — currentPassword: is not correct.', [
      { path: 'currentPassword', message: 'is not correct' },
    ]);
  }
  const passwordHash = await hashPassword(args.input.newPassword);
  const now = context.now();
  await context.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ password_hash: passwordHash, updated_at: now })
      .where('id', '=', user.id)
      .execute();
    await trx
      .deleteFrom('sessions')
      .where('user_id', '=', user.id)
      .where('access_token_hash', '<>', tokenDigest(args.accessToken))
      .execute();
    await notifyPasswordChanged(context, trx, user, now);
  });
  context.mail.wake();
  return success({ message: 'Your password has been changed. You were signed out elsewhere.' });
}

function notifyPasswordChanged(
  context: AccountContext,
  trx: Parameters<typeof enqueueEmail>[0],
  user: { email: string; name: string },
  now: Date,
): Promise<string> {
  return enqueueEmail(
    trx,
    {
      kind: 'password_changed',
      to: { email: user.email, name: user.name },
      content: passwordChangedEmail(context.mail.brand, { name: user.name }),
    },
    now,
  );
}
