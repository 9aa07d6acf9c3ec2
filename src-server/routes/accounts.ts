import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  AcceptedResponse,
  ActivateAccountRequest,
  ChangePasswordRequest,
  MySettings,
  PasswordResetRequest,
  RequestAccountRequest,
  ResetPasswordRequest,
  UpdateMySettingsRequest,
} from '../../src-shared/accounts.js';
import { activateAccount, requestAccount } from '../accounts/account-requests.js';
import type { AccountContext } from '../accounts/context.js';
import { changePassword, requestPasswordReset, resetPassword } from '../accounts/passwords.js';
import { readMySettings, updateMySettings } from '../accounts/settings.js';
import { tokenDigest } from '../auth/tokens.js';
import { ErrorResponse } from '../http/api-docs.js';
import { firstRefusal, sendRateLimited } from '../http/attempt-limiter.js';
import { authenticate, bearerToken } from '../http/bearer.js';
import { sendOutcome } from '../http/errors.js';
import { parseInput } from '../http/validation.js';
import { z } from 'zod';
import type { RouteContext } from './context.js';

const Message = z.object({ message: z.string() });

/**
 * Accounts (PTI's portal): request, activation, sign-out, password reset and change, and
 * "my settings". Requests that name an email answer the same whether or not it has an account.
 */
export function registerAccountRoutes(app: FastifyInstance, context: RouteContext): void {
  const accounts: AccountContext = {
    db: context.db,
    now: context.now,
    mail: context.mail,
    tokens: context.accountTokens,
  };
  const { limits } = context;

  /** Account and reset requests send email: limited per address and per recipient. */
  const emailLinkAllowed = (request: FastifyRequest, reply: FastifyReply, email: string) => {
    const addressKey = request.ip;
    const accountKey = email.toLowerCase();
    const check = firstRefusal(
      limits.emailLinksPerAddress.check(addressKey),
      limits.emailLinksPerAccount.check(accountKey),
    );
    if (!check.allowed) {
      sendRateLimited(reply, check.retryAfterSeconds, 'requests for this address');
      return false;
    }
    limits.emailLinksPerAddress.record(addressKey);
    limits.emailLinksPerAccount.record(accountKey);
    return true;
  };

  app.post(
    '/auth/v1/request-account',
    {
      config: {
        docs: {
          summary: 'Request a support account',
          description:
            'Sends an activation link to the address. Answers 202 with the same message whether or not the address already has an account (that address gets a reminder instead).',
          tags: ['accounts'],
          body: RequestAccountRequest,
          responses: { 202: AcceptedResponse, 400: ErrorResponse, 429: ErrorResponse },
        },
      },
    },
    async (request, reply) => {
      const input = parseInput(RequestAccountRequest, request.body);
      if (!input.ok) return sendOutcome(reply, input);
      if (!emailLinkAllowed(request, reply, input.value.email)) return reply;
      return reply.code(202).send(await requestAccount(accounts, input.value));
    },
  );

  app.post(
    '/auth/v1/activate',
    {
      config: {
        docs: {
          summary: 'Activate an account from its emailed link',
          description: `Sets the full name, the password (at least 10 characters) and the company details; creates the company's organisation with the user as its site manager.`,
          tags: ['accounts'],
          body: ActivateAccountRequest,
          responses: {
            200: z.object({ message: z.string(), email: z.string() }),
            400: ErrorResponse,
            409: ErrorResponse,
          },
        },
      },
    },
    async (request, reply) => {
      const input = parseInput(ActivateAccountRequest, request.body);
      if (!input.ok) return sendOutcome(reply, input);
      return sendOutcome(reply, await activateAccount(accounts, input.value));
    },
  );

  app.post(
    '/auth/v1/sign-out',
    {
      config: {
        docs: {
          summary: 'Sign out',
          description: 'Ends this session: its access and refresh tokens stop working at once.',
          tags: ['accounts'],
          signedIn: true,
          responses: { 204: 'Signed out', 401: ErrorResponse },
        },
      },
    },
    async (request, reply) => {
      const viewer = await authenticate(context.db, request, context.now());
      if (!viewer.ok) return sendOutcome(reply, viewer);
      // Deleting the session row ends both of its tokens.
      await context.db
        .deleteFrom('sessions')
        .where('access_token_hash', '=', tokenDigest(bearerToken(request)!))
        .execute();
      return reply.code(204).send();
    },
  );

  app.post(
    '/auth/v1/request-password-reset',
    {
      config: {
        docs: {
          summary: 'Forgot password: email a reset link',
          description:
            'Answers 202 with the same message whether or not the address has an account; only an account gets an email. The link works once, for an hour.',
          tags: ['accounts'],
          body: PasswordResetRequest,
          responses: { 202: AcceptedResponse, 400: ErrorResponse, 429: ErrorResponse },
        },
      },
    },
    async (request, reply) => {
      const input = parseInput(PasswordResetRequest, request.body);
      if (!input.ok) return sendOutcome(reply, input);
      if (!emailLinkAllowed(request, reply, input.value.email)) return reply;
      return reply.code(202).send(await requestPasswordReset(accounts, input.value));
    },
  );

  app.post(
    '/auth/v1/reset-password',
    {
      config: {
        docs: {
          summary: 'Choose a new password from an emailed reset link',
          description: 'Every session of the account ends; sign in again with the new password.',
          tags: ['accounts'],
          body: ResetPasswordRequest,
          responses: { 200: Message, 400: ErrorResponse },
        },
      },
    },
    async (request, reply) => {
      const input = parseInput(ResetPasswordRequest, request.body);
      if (!input.ok) return sendOutcome(reply, input);
      return sendOutcome(reply, await resetPassword(accounts, input.value));
    },
  );

  app.post(
    '/auth/v1/change-password',
    {
      config: {
        docs: {
          summary: 'Change the password (needs the current one)',
          description: 'This session stays signed in; every other session of the account ends.',
          tags: ['accounts'],
          signedIn: true,
          body: ChangePasswordRequest,
          responses: { 200: Message, 400: ErrorResponse, 401: ErrorResponse, 429: ErrorResponse },
        },
      },
    },
    async (request, reply) => {
      const viewer = await authenticate(context.db, request, context.now());
      if (!viewer.ok) return sendOutcome(reply, viewer);
      const input = parseInput(ChangePasswordRequest, request.body);
      if (!input.ok) return sendOutcome(reply, input);
      // A stolen access token must not become a way to guess the password.
      const key = `user:${viewer.value.userId}`;
      const check = limits.signInPerAccount.check(key);
      if (!check.allowed) {
        return sendRateLimited(reply, check.retryAfterSeconds, 'wrong passwords');
      }
      const outcome = await changePassword(accounts, {
        userId: viewer.value.userId,
        accessToken: bearerToken(request)!,
        input: input.value,
      });
      if (!outcome.ok) limits.signInPerAccount.record(key);
      return sendOutcome(reply, outcome);
    },
  );

  app.get(
    '/account/v1/settings',
    {
      config: {
        docs: {
          summary: 'My settings',
          description:
            "The signed-in user's name, email, phones and time zone, and their organisation's details (editable by its site managers).",
          tags: ['accounts'],
          signedIn: true,
          responses: { 200: MySettings, 401: ErrorResponse },
        },
      },
    },
    async (request, reply) => {
      const viewer = await authenticate(context.db, request, context.now());
      if (!viewer.ok) return sendOutcome(reply, viewer);
      return sendOutcome(reply, await readMySettings(context.db, viewer.value, context.now()));
    },
  );

  app.put(
    '/account/v1/settings',
    {
      config: {
        docs: {
          summary: 'Change my settings',
          description:
            'Send only the fields to change. Changing the email needs `currentPassword`; `phones` replaces the whole list; `timezone` is an IANA name such as America/Chicago; `organisation` is for site managers only.',
          tags: ['accounts'],
          signedIn: true,
          body: UpdateMySettingsRequest,
          responses: {
            200: MySettings,
            400: ErrorResponse,
            401: ErrorResponse,
            403: ErrorResponse,
            409: ErrorResponse,
          },
        },
      },
    },
    async (request, reply) => {
      const viewer = await authenticate(context.db, request, context.now());
      if (!viewer.ok) return sendOutcome(reply, viewer);
      const input = parseInput(UpdateMySettingsRequest, request.body);
      if (!input.ok) return sendOutcome(reply, input);
      return sendOutcome(
        reply,
        await updateMySettings(context.db, viewer.value, input.value, context.now()),
      );
    },
  );
}
