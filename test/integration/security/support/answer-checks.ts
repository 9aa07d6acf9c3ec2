import type fc from 'fast-check';
import { expect } from 'vitest';
import { calls, type CallName } from '../../../../src-shared/contract.js';
import { errorCodes } from '../../../../src-shared/result.js';

/** Codes a refusal may carry: everything but the catch-all for a failure nobody foresaw. */
const clearCodes = errorCodes.filter((code) => code !== 'internal');

/**
 * A contract call's answer is either a value of the call's output schema, or a refusal with a
 * known code and a sentence a person can act on: never `internal`, never a stack trace.
 */
export function expectClearAnswer(
  method: CallName,
  result: unknown,
  input: unknown,
  logged: readonly string[] = [],
): void {
  const shown = () =>
    `${method} ${preview(input)} → ${preview(result)}${logged.length ? `\nlogged: ${logged.at(-1)}` : ''}`;
  expect(result, shown()).toBeTypeOf('object');
  const answer = result as { ok: unknown; value?: unknown; error?: Record<string, unknown> };
  if (answer.ok === true) {
    const parsed = calls[method].output.safeParse(answer.value);
    expect(parsed.success, `${shown()}\n${parsed.error?.message ?? ''}`).toBe(true);
    return;
  }
  expect(answer.ok, shown()).toBe(false);
  expect(clearCodes, shown()).toContain(answer.error?.code);
  expectReadableMessage(answer.error?.message, shown);
}

export function expectReadableMessage(message: unknown, shown: () => string): void {
  expect(message, shown()).toBeTypeOf('string');
  const text = message as string;
  expect(text.trim().length, shown()).toBeGreaterThan(5);
  expect(text.length, shown()).toBeLessThan(2000);
  expect(text, shown()).not.toMatch(/\n\s+at .+:\d+:\d+/);
  expect(text, shown()).not.toMatch(
    /SqliteError|SQLITE_|TypeError|ReferenceError|undefined is not/,
  );
}

/** A short, printable form of any value for assertion messages. */
export function preview(value: unknown, max = 300): string {
  let text: string;
  try {
    text =
      JSON.stringify(value, (_key, v: unknown) =>
        typeof v === 'bigint' ? `${v}n` : v instanceof Map || v instanceof Set ? [...v] : v,
      ) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}

/** Rejects when `promise` takes longer than `ms`: a hang is a failure, not a slow pass. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
    }),
  ]);
}

/**
 * fast-check options that report a failure in a few lines: the seed and path to replay it, the
 * counterexample cut to a readable length (a fuzzer's inputs can be hundreds of kilobytes).
 */
export function shortReports<Ts extends unknown[]>(): Pick<
  Parameters<typeof fc.assert<Ts>>[1] & object,
  'asyncReporter'
> {
  return {
    asyncReporter: (details: fc.RunDetails<Ts>) => {
      if (!details.failed) return Promise.resolve();
      const cause =
        details.errorInstance instanceof Error
          ? details.errorInstance.message
          : String(details.errorInstance);
      return Promise.reject(
        new Error(
          `Property failed after ${details.numRuns} run(s); replay with seed ${details.seed}, path "${details.counterexamplePath}".\n` +
            `Counterexample: ${preview(details.counterexample)}\n${cause.slice(0, 4000)}`,
        ),
      );
    },
  };
}
