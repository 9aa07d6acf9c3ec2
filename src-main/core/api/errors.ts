import type { ErrorCode } from '../../../src-shared/result.js';

/** A failure a service expects and can explain; anything else is reported as `internal`. */
export class ServiceError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}
