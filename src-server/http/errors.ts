import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
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
