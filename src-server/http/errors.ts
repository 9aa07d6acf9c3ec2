import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { findBrokenText } from '../../src-shared/text-input.js';
import {
  DATABASE_RETRY_AFTER_SECONDS,
  DATABASE_UNAVAILABLE_MESSAGE,
  databaseUnavailable,
} from '../db/unavailable.js';
import type { Outcome, ServerErrorBody, ServerErrorCode } from '../outcome.js';

const statusFor: Record<ServerErrorCode, number> = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  unknown_method: 404,
  conflict: 409,
  cursor_gone: 410,
  cursor_expired: 410,
  too_large: 413,
  unsupported_content: 415,
  rate_limited: 429,
  unavailable: 503,
  database_too_new: 500,
  internal: 500,
};

export function sendError(reply: FastifyReply, error: ServerErrorBody): FastifyReply {
  return reply.code(statusFor[error.code]).send({ error });
}

export function sendOutcome<T>(reply: FastifyReply, outcome: Outcome<T>): FastifyReply {
  return outcome.ok ? reply.code(200).send(outcome.value) : sendError(reply, outcome.error);
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The body holds items that are accepted or refused one by one (a push's mutations): their
     * text is checked item by item where they are applied, so one bad item does not refuse all.
     */
    textCheckedPerItem?: boolean;
  }
}

/**
 * Text no route can store or use (a NUL character, half a surrogate pair) is refused before any
 * route runs, in the path, the query and the body alike: PostgreSQL cannot store a NUL, and a
 * broken pair cannot be encoded, so either would otherwise fail deep inside as a 500.
 */
export function installTextChecks(app: FastifyInstance): void {
  app.addHook('preValidation', async (request, reply) => {
    const perItem = request.routeOptions.config?.textCheckedPerItem === true;
    const broken =
      findBrokenText({ path: request.params, query: request.query }) ??
      (perItem ? null : findBrokenText({ body: request.body }));
    if (!broken) return;
    return sendError(reply, {
      code: 'invalid_input',
      message: `Invalid input — ${broken.path}: ${broken.message}.`,
      issues: [broken],
    });
  });
}

/** Every failure, including Fastify's own (bad JSON, wrong content type), answers in our error shape. */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, {
      code: 'not_found',
      message: `There is no ${request.method} ${request.url.split('?')[0]} on this server.`,
    }),
  );

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (databaseUnavailable(error)) {
      request.log.warn({ err: error }, 'the database cannot be reached');
      reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
      return sendError(reply, { code: 'unavailable', message: DATABASE_UNAVAILABLE_MESSAGE });
    }
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return sendError(reply, {
        code: 'internal',
        message:
          'The server hit an unexpected problem. Try again; if it keeps happening, check the server log.',
      });
    }
    const body = { code: 'invalid_input' as const, message: clientErrorMessage(error) };
    return reply.code(status).send({ error: body });
  });
}

function clientErrorMessage(error: FastifyError): string {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'The request body is not valid JSON. Send a JSON object with Content-Type: application/json.';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'Send the request body as JSON with Content-Type: application/json.';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'The request body is too large.';
    default:
      return error.message;
  }
}

/**
 * Node answers requests it cannot even parse (headers over its size limit, broken HTTP, a
 * request that took too long to arrive) before Fastify sees them; this keeps those answers in
 * the same error shape as every other failure.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'The request headers are too large: shorten the address or the headers.']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'The request took too long to arrive. Send it again.']
        : [400, 'The request is not valid HTTP.'];
  const body = JSON.stringify({ error: { code: 'invalid_input', message } });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** Errors Fastify meets before routing (a path that is not valid percent-encoding, …). */
export function answerFrameworkError(
  error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
): void {
  if ((error.statusCode ?? 500) >= 500) {
    void sendError(reply, {
      code: 'internal',
      message:
        'The server hit an unexpected problem. Try again; if it keeps happening, check the server log.',
    });
    return;
  }
  const message =
    error.code === 'FST_ERR_BAD_URL'
      ? 'The address is not valid: part of it is not correctly percent-encoded.'
      : 'The request could not be read.';
  void sendError(reply, { code: 'invalid_input', message });
}
