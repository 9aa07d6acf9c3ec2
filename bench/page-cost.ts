import { performance } from 'node:perf_hooks';
import { PullResponse, maxPullLimit } from '../src-shared/sync-protocol.js';
import { encodeCursor } from '../src-server/sync/cursor.js';
import { pullPageText } from './http-session.js';
import { summarise } from './stats.js';

/**
 * What one bootstrap page (the largest a pull may ask for) costs: on the client's main thread,
 * handing the answer's bytes to the store worker (a structured clone of the bytes, as
 * postMessage makes); in the worker, parsing the JSON and validating it against the protocol
 * schema. Pages are taken from the middle of the change log, where tickets and their messages
 * are.
 */
export async function mainThreadPageCost(
  baseUrl: string,
  token: string,
  lastSeq: number,
): Promise<{ rows: number; bytes: number; parseMs: number; validateMs: number; cloneMs: number }> {
  const parse: number[] = [];
  const validate: number[] = [];
  const clone: number[] = [];
  let bytes = 0;
  let rows = 0;
  for (let k = 0; k < 5; k++) {
    const text = await pullPageText(
      baseUrl,
      token,
      encodeCursor(Math.floor(lastSeq * (0.3 + k * 0.1))),
      maxPullLimit,
    );
    const body = new TextEncoder().encode(text);
    bytes = body.byteLength;
    let started = performance.now();
    structuredClone(body);
    clone.push(performance.now() - started);
    started = performance.now();
    const json: unknown = JSON.parse(new TextDecoder().decode(body));
    parse.push(performance.now() - started);
    started = performance.now();
    rows = PullResponse.parse(json).changes.length;
    validate.push(performance.now() - started);
  }
  return {
    rows,
    bytes,
    parseMs: summarise(parse).p50,
    validateMs: summarise(validate).p50,
    cloneMs: summarise(clone).p50,
  };
}
