import type { CallInput, CallName, CallOutput } from '../../../src-shared/contract';
import { ApiError, type Result } from '../../../src-shared/result';
import { getAppBridge } from './bridge';

/** Turns a Result into its value, or throws the ApiError react-query and forms expect. */
export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw new ApiError(result.error);
}

/** The typed way the renderer calls the core: `await call('tickets.get', { id })`. */
export async function call<K extends CallName>(
  name: K,
  input: CallInput<K>,
): Promise<CallOutput<K>> {
  const method = getAppBridge().bridge[name] as (
    input: CallInput<K>,
  ) => Promise<Result<CallOutput<K>>>;
  let result: Result<CallOutput<K>>;
  try {
    result = await method(input);
  } catch {
    // Electron's invoke rejects when the main process has no handler or is shutting down.
    throw new ApiError({
      code: 'unavailable',
      message: `Gatedesk could not reach its core for "${name}". Try again.`,
    });
  }
  return unwrap(result);
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** What to tell a person about any failure, whether or not it came from the API. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong.';
}
