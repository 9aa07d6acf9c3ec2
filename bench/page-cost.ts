import { performance } from 'node:perf_hooks';
import { PullResponse } from '../src-shared/sync-protocol.js';
import { encodeCursor } from '../src-server/sync/cursor.js';
import { pullPageText } from './http-session.js';
import { summarise } from './stats.js';

/**
 * What one pulled page of 1,000 rows costs the client's main thread before the store worker
 * sees it: parsing the JSON, validating it against the protocol schema, and copying it into the
 * worker's message (measured as a structured clone). Pages are taken from the middle of the
 * change log, where tickets and their messages are.
 */
export async function mainThreadPageCost(
  baseUrl: string,
  token: string,
  lastSeq: number,
): Promise<{ bytes: number; parseMs: number; validateMs: number; cloneMs: number }> {
  const parse: number[] = [];
  const validate: number[] = [];
  const clone: number[] = [];
  let bytes = 0;
  for (let k = 0; k < 5; k++) {
    const text = await pullPageText(
      baseUrl,
      token,
      encodeCursor(Math.floor(lastSeq * (0.3 + k * 0.1))),
      1000,
    );
    bytes = text.length;
    let started = performance.now();
    const json: unknown = JSON.parse(text);
    parse.push(performance.now() - started);
    started = performance.now();
    const page = PullResponse.parse(json);
    validate.push(performance.now() - started);
    started = performance.now();
    structuredClone(page.changes);
    clone.push(performance.now() - started);
  }
  return {
    bytes,
    parseMs: summarise(parse).p50,
    validateMs: summarise(validate).p50,
    cloneMs: summarise(clone).p50,
  };
}
