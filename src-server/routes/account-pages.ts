import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { ActivateAccountRequest, ResetPasswordRequest } from '../../src-shared/accounts.js';
import { activateAccount } from '../accounts/account-requests.js';
import { findUsableAccountToken } from '../accounts/account-tokens.js';
import type { AccountTokenPurpose } from '../accounts/account-tokens.js';
import type { AccountContext } from '../accounts/context.js';
import { activationPage, messagePage, pageHeaders, resetPasswordPage } from '../accounts/pages.js';
import type { FieldErrors } from '../accounts/pages.js';
import { resetPassword } from '../accounts/passwords.js';
import { parseInput } from '../http/validation.js';
import type { RouteContext } from './context.js';

const TokenQuery = z.object({ token: z.string().min(1).max(200) });
const activationFields = [
  'name',
  'password',
  'company',
  'address',
  'city',
  'state',
  'zip',
  'country',
  'phone',
] as const;

/**
 * The pages behind the links in account emails. They post back to themselves as plain forms and
 * call the same services as the JSON API; a refused form comes back with what was typed (never
 * the password) and a message at each field to fix.
 */
export function registerAccountPages(app: FastifyInstance, context: RouteContext): void {
  const accounts: AccountContext = {
    db: context.db,
    now: context.now,
    mail: context.mail,
    tokens: context.accountTokens,
  };
  const brand = context.mail.brand;
  const send = (reply: FastifyReply, status: number, html: string) =>
    reply.code(status).headers(pageHeaders).send(html);
  const expired = (reply: FastifyReply, purpose: AccountTokenPurpose) =>
    send(
      reply,
      410,
      purpose === 'activation'
        ? messagePage(brand, 'This link has expired', [
            'This activation link has expired or was already used.',
            'Request an account again to get a new link. If you already activated your account, sign in.',
          ])
        : messagePage(brand, 'This link has expired', [
            'This password reset link has expired or was already used.',
            'Choose "Forgot password" on the sign-in screen to get a new one.',
          ]),
    );

  void app.register(async (pages) => {
    pages.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 16 * 1024 },
      (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );
    const docs = (summary: string) => ({ docs: { summary, tags: ['account pages'] } });
    const formValues = (body: unknown): Record<string, string> =>
      Object.fromEntries(
        Object.entries(body && typeof body === 'object' ? body : {}).map(([k, v]) => [
          k,
          String(v),
        ]),
      );

    pages.get(
      '/account/activate',
      { config: docs('The page an activation email links to') },
      async (request, reply) => {
        const query = TokenQuery.safeParse(request.query);
        const row =
          query.success &&
          (await findUsableAccountToken(context.db, query.data.token, 'activation', context.now()));
        if (!query.success || !row) return expired(reply, 'activation');
        return send(reply, 200, activationPage(brand, query.data.token, { name: row.name ?? '' }));
      },
    );

    pages.post('/account/activate', { config: docs('Activation form') }, async (request, reply) => {
      const values = formValues(request.body);
      const token = values.token ?? '';
      const errors: FieldErrors = {};
      const input = parseInput(
        ActivateAccountRequest,
        Object.fromEntries([
          ['token', token],
          ...activationFields.map((f) => [f, values[f] ?? '']),
        ]),
      );
      if (!input.ok) collectIssues(input.error.issues, errors);
      if ((values.password ?? '') !== (values.confirmPassword ?? '')) {
        errors.confirmPassword ??= 'does not match the password; type it again';
      }
      if (!input.ok || Object.keys(errors).length > 0) {
        if (errors.token) return expired(reply, 'activation');
        return send(reply, 400, activationPage(brand, token, values, errors));
      }
      const outcome = await activateAccount(accounts, input.value);
      if (!outcome.ok) {
        if (outcome.error.code === 'invalid_input') return expired(reply, 'activation');
        return send(reply, 409, messagePage(brand, 'Already active', [outcome.error.message]));
      }
      return send(
        reply,
        200,
        messagePage(brand, 'Your account is active', [
          `Sign in to Gatedesk with ${outcome.value.email} and the password you just chose.`,
        ]),
      );
    });

    pages.get(
      '/account/reset-password',
      { config: docs('The page a password reset email links to') },
      async (request, reply) => {
        const query = TokenQuery.safeParse(request.query);
        const row =
          query.success &&
          (await findUsableAccountToken(
            context.db,
            query.data.token,
            'password_reset',
            context.now(),
          ));
        if (!query.success || !row) return expired(reply, 'password_reset');
        return send(reply, 200, resetPasswordPage(brand, query.data.token));
      },
    );

    pages.post(
      '/account/reset-password',
      { config: docs('Password reset form') },
      async (request, reply) => {
        const values = formValues(request.body);
        const token = values.token ?? '';
        const errors: FieldErrors = {};
        const input = parseInput(ResetPasswordRequest, { token, password: values.password ?? '' });
        if (!input.ok) collectIssues(input.error.issues, errors);
        if ((values.password ?? '') !== (values.confirmPassword ?? '')) {
          errors.confirmPassword ??= 'does not match the password; type it again';
        }
        if (!input.ok || Object.keys(errors).length > 0) {
          if (errors.token) return expired(reply, 'password_reset');
          return send(reply, 400, resetPasswordPage(brand, token, errors));
        }
        const outcome = await resetPassword(accounts, input.value);
        if (!outcome.ok) return expired(reply, 'password_reset');
        return send(
          reply,
          200,
          messagePage(brand, 'Your password has been changed', [
            'Sign in to Gatedesk with your new password. You were signed out everywhere else.',
          ]),
        );
      },
    );
  });
}

function collectIssues(
  issues: { path: string; message: string }[] | undefined,
  errors: FieldErrors,
): void {
  for (const issue of issues ?? []) errors[issue.path] ??= issue.message;
}
