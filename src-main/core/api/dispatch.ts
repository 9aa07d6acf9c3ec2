import {
  calls,
  isCallName,
  type CallName,
  type CallOutput,
  type ParsedInput,
} from '../../../src-shared/contract.js';
import { describeZodError, fail, ok, type Result } from '../../../src-shared/result.js';
import { findBrokenText } from '../../../src-shared/text-input.js';
import { storeFailure } from '../store/store-errors.js';
import { ServiceError } from './errors.js';

/** Which shell carried the call; services may care (e.g. app.info), transports never do. */
export interface CallContext {
  shell: 'electron' | 'web' | 'test';
}

export type Handlers = {
  [K in CallName]: (
    input: ParsedInput<K>,
    ctx: CallContext,
  ) => Promise<CallOutput<K>> | CallOutput<K>;
};

export type Dispatch = (
  method: unknown,
  input: unknown,
  ctx: CallContext,
) => Promise<Result<unknown>>;

export interface DispatchOptions {
  /** Where unexpected failures are reported; never receives the call's input. */
  onInternalError?: (method: string, error: unknown) => void;
}

/**
 * The single entry every transport goes through: it knows the contract, not the transport.
 * Input is parsed with the call's schema before any service code runs, so a refused call
 * never reaches the store.
 */
export function createDispatch(handlers: Handlers, options: DispatchOptions = {}): Dispatch {
  return async (method, rawInput, ctx) => {
    if (!isCallName(method)) {
      return fail(
        'unknown_method',
        `There is no API call named ${JSON.stringify(String(method)).slice(0, 120)}.`,
      );
    }
    const broken = findBrokenText(rawInput);
    if (broken)
      return fail('invalid_input', `Invalid input — ${broken.path}: ${broken.message}.`, [broken]);
    const parsed = calls[method].input.safeParse(rawInput);
    if (!parsed.success) return { ok: false, error: describeZodError(parsed.error) };
    try {
      const handler = handlers[method] as (input: unknown, ctx: CallContext) => unknown;
      const value = await handler(parsed.data, ctx);
      return ok(value);
    } catch (error) {
      if (error instanceof ServiceError) return fail(error.code, error.message, error.issues);
      options.onInternalError?.(method, error);
      const stored = storeFailure(error);
      if (stored) return fail(stored.code, stored.message);
      return fail(
        'internal',
        `Gatedesk could not complete "${method}". The details are in the log.`,
      );
    }
  };
}
