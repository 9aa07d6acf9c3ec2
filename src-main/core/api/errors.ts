import type { ApiErrorBody, ErrorCode } from '../../../src-shared/result.js';

/** A failure a service expects and can explain; anything else is reported as `internal`. */
export class ServiceError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** For invalid_input: the fields to fix, so a form can show each message at its field. */
    readonly issues?: ApiErrorBody['issues'],
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}
