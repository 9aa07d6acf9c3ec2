import { decodeCursor } from '../src-server/sync/cursor.js';
import { wallClock } from './stats.js';

/**
 * A bare poke listener on `GET /sync/v1/events`: reports each poke's commit sequence and the
 * moment it arrived, with nothing of the client engine in the way.
 */
export async function listenForPokes(
  baseUrl: string,
  token: string,
  onPoke: (seq: number, at: number) => void,
): Promise<{ close(): void }> {
  const controller = new AbortController();
  const response = await fetch(new URL('/sync/v1/events', baseUrl), {
    headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
    signal: controller.signal,
  });
  if (!response.ok || !response.body) {
    controller.abort();
    throw new Error(`GET /sync/v1/events answered ${response.status}`);
  }
  const body = response.body;
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        const at = wallClock();
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (!/^event: ?poke$/m.test(frame)) continue;
          const data = /^data: ?(.*)$/m.exec(frame)?.[1];
          const cursor = data ? (JSON.parse(data) as { cursor?: string }).cursor : undefined;
          const seq = cursor ? decodeCursor(cursor) : null;
          if (seq?.ok) onPoke(seq.value, at);
        }
      }
    } catch {
      // closed by close(), or the server went away: the benchmark notices missing pokes
    }
  })();
  return { close: () => controller.abort() };
}
