import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';

/**
 * PTI reports failures as negative codes (−1 bad credentials, −3 invalid unit name, −22 unit not
 * locked, −404 unknown unit). The emulator keeps that shape; −400 marks a malformed request.
 */
export const ptiCodes = {
  badCredentials: -1,
  invalidUnitName: -3,
  unitNotLocked: -22,
  malformedRequest: -400,
  notFound: -404,
  internal: -500,
} as const;

export function sendPtiError(
  reply: FastifyReply,
  status: number,
  code: number,
  message: string,
): FastifyReply {
  return reply.code(status).send({ error: { code, message } });
}

export function installPtiErrorHandlers(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) =>
    sendPtiError(
      reply,
      404,
      ptiCodes.notFound,
      `no ${request.method} ${request.url.split('?')[0]} on this gateway`,
    ),
  );
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return sendPtiError(reply, 500, ptiCodes.internal, 'internal gateway error');
    }
    const message =
      error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
        ? 'the request body is not valid JSON; send a JSON object with Content-Type: application/json'
        : error.message;
    return sendPtiError(reply, status, ptiCodes.malformedRequest, message);
  });
}
