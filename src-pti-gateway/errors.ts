import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { ptiErrorCodes, ptiErrorInfo } from '../src-shared/pti/error-codes.js';
import type { PtiErrorCode } from '../src-shared/pti/error-codes.js';

/** The HTTP status that carries each PTI code; the code in the body is what clients act on. */
const httpStatus: Record<PtiErrorCode, number> = {
  [-1]: 401,
  [-2]: 401,
  [-3]: 400,
  [-4]: 400,
  [-5]: 422,
  [-6]: 409,
  [-7]: 409,
  [-8]: 409,
  [-9]: 404,
  [-10]: 404,
  [-11]: 422,
  [-12]: 422,
  [-13]: 409,
  [-14]: 422,
  [-22]: 409,
  [-400]: 400,
  [-404]: 404,
  [-500]: 500,
  [-502]: 502,
  [-503]: 503,
};

export function httpStatusOf(code: PtiErrorCode): number {
  return httpStatus[code];
}

/** A failure with a PTI code. `message` defaults to the shared table's sentence. */
export class GatewayError extends Error {
  readonly status: number;
  constructor(
    readonly code: PtiErrorCode,
    message?: string,
  ) {
    super(message ?? ptiErrorInfo(code).message);
    this.name = 'GatewayError';
    this.status = httpStatus[code];
  }

  get body(): { error: { code: number; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}

export function sendGatewayError(reply: FastifyReply, error: GatewayError): FastifyReply {
  return reply.code(error.status).send(error.body);
}

export function installPtiErrorHandlers(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({
      error: {
        code: ptiErrorCodes.malformedRequest,
        message: `There is no ${request.method} ${request.url.split('?')[0]} on this gateway; see docs/pti-gateway-protocol.md.`,
      },
    }),
  );
  app.setErrorHandler((error: FastifyError | GatewayError, request, reply) => {
    if (error instanceof GatewayError) return sendGatewayError(reply, error);
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return sendGatewayError(reply, new GatewayError(ptiErrorCodes.internal));
    }
    const message =
      error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
        ? 'The request body is not valid JSON; send a JSON object with Content-Type: application/json.'
        : error.message;
    return reply.code(status).send({ error: { code: ptiErrorCodes.malformedRequest, message } });
  });
}
