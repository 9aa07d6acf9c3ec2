/**
 * A time limit on a network exchange that holds even when an abort signal does not reach the
 * request: Node 20's fetch follows the signal it is given through weak references, and under
 * garbage collection a request can stop hearing it (nodejs/node#55428), so an answer that never
 * comes would be waited for for ever. The exchange gets a signal that aborts at the limit, and
 * is raced against the limit as well, so the caller hears `TimeoutError` on time either way.
 */
export async function withinTime<T>(
  ms: number,
  exchange: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const reason = new DOMException(`no answer within ${ms} ms`, 'TimeoutError');
      controller.abort(reason);
      reject(reason);
    }, ms);
  });
  const work = exchange(controller.signal);
  // when the limit wins, a late failure of the abandoned exchange has no one left to hear it
  work.catch(() => {});
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}
