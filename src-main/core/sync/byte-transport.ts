import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** An answer read whole, for the sync pull, whose pages are bytes handed to the store worker. */
export interface ByteAnswer {
  status: number;
  headers: Headers;
  bytes: Uint8Array<ArrayBuffer>;
}

export interface ByteRequest {
  method: 'POST' | 'GET';
  headers: Headers;
  body?: string;
  signal?: AbortSignal | null;
}

/**
 * Sends a request and reads its answer into one buffer. Rejects with `ConnectionFailed` when no
 * answer came, `AnswerCutOff` when one started and did not finish.
 */
export type ByteTransport = (url: URL, init: ByteRequest) => Promise<ByteAnswer>;

export class ConnectionFailed extends Error {
  override name = 'ConnectionFailed';
}
export class AnswerCutOff extends Error {
  override name = 'AnswerCutOff';
}

/** No page is near this; a server sending more is broken, and is not allowed to fill memory. */
export const maxAnswerBytes = 512 * 1024 * 1024;

/**
 * node:http(s), reading straight into a buffer of the announced length. Pulls go through this
 * rather than fetch: fetch's web streams, for pages of megabytes, set off a full collection of
 * the main thread's heap every page or two (measured: 55 in 100 pages against 1 this way), and
 * those pauses were most of the main thread's lag during a bootstrap.
 */
export const nodeByteTransport: ByteTransport = (url, init) =>
  new Promise<ByteAnswer>((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const headers: Record<string, string> = {};
    init.headers.forEach((value, name) => (headers[name] = value));
    let answered = false;
    const request = send(
      url,
      { method: init.method, headers, ...(init.signal ? { signal: init.signal } : {}) },
      (response) => {
        answered = true;
        readWhole(response).then(
          (bytes) =>
            resolve({
              status: response.statusCode ?? 0,
              headers: headersOf(response),
              bytes,
            }),
          reject,
        );
      },
    );
    request.on('error', (error) => {
      // after the answer began, the response's own error says it was cut off
      if (!answered) reject(new ConnectionFailed(error.message));
    });
    request.end(init.body);
  });

function readWhole(response: IncomingMessage): Promise<Uint8Array<ArrayBuffer>> {
  return new Promise((resolve, reject) => {
    const announced = Number(response.headers['content-length']);
    const known = Number.isSafeInteger(announced) && announced >= 0;
    if (known && announced > maxAnswerBytes) {
      response.destroy();
      return reject(new AnswerCutOff(`the answer announced ${announced} bytes, too many to read`));
    }
    // one buffer of the announced size, filled as chunks come: no copy of the whole at the end
    const whole = known ? new Uint8Array(new ArrayBuffer(announced)) : null;
    const chunks: Buffer[] = [];
    let received = 0;
    response.on('data', (chunk: Buffer) => {
      if (received + chunk.length > (whole ? whole.length : maxAnswerBytes)) {
        response.destroy(new AnswerCutOff('the answer was longer than announced'));
        return;
      }
      if (whole) whole.set(chunk, received);
      else chunks.push(chunk);
      received += chunk.length;
    });
    response.on('error', (error) =>
      reject(error instanceof AnswerCutOff ? error : new AnswerCutOff(error.message)),
    );
    response.on('aborted', () => reject(new AnswerCutOff('the connection closed mid-answer')));
    response.on('end', () => {
      if (whole && received !== whole.length)
        return reject(new AnswerCutOff(`${received} of ${whole.length} bytes arrived`));
      if (whole) return resolve(whole);
      // a buffer of its own, so it can move to the store worker whole
      const joined = new Uint8Array(new ArrayBuffer(received));
      let at = 0;
      for (const chunk of chunks) {
        joined.set(chunk, at);
        at += chunk.length;
      }
      resolve(joined);
    });
  });
}

function headersOf(response: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(response.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  return headers;
}

/** The same over an injected fetch (tests inject one to take the network away or slow it). */
export function fetchByteTransport(doFetch: typeof fetch): ByteTransport {
  return async (url, init) => {
    let response: Response;
    try {
      response = await doFetch(url, {
        method: init.method,
        headers: init.headers,
        ...(init.body !== undefined ? { body: init.body } : {}),
        signal: init.signal ?? null,
      });
    } catch (error) {
      throw new ConnectionFailed((error as Error).message);
    }
    try {
      return {
        status: response.status,
        headers: response.headers,
        bytes: new Uint8Array(await response.arrayBuffer()),
      };
    } catch (error) {
      throw new AnswerCutOff((error as Error).message);
    }
  };
}
