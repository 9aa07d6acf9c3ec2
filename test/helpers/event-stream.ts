/** One Server-Sent Event as the stream delivered it; comments (heartbeats) have event ':'. */
export interface StreamEvent {
  event: string;
  data: string;
}

/**
 * Reads a Server-Sent Events stream over real HTTP and lets a test wait for the event it
 * expects. The parser follows the SSE framing: fields per line, events separated by blank lines.
 */
export async function openEventStream(url: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const response = await fetch(url, { headers, signal: controller.signal });
  const events: StreamEvent[] = [];
  const waiters = new Set<() => void>();
  let buffer = '';
  let ended = false;

  const pump = async () => {
    if (!response.body) return;
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let split: number;
        while ((split = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, split);
          buffer = buffer.slice(split + 2);
          events.push(parseBlock(block));
          waiters.forEach((wake) => wake());
        }
      }
    } catch {
      // aborted by close()
    } finally {
      ended = true;
      waiters.forEach((wake) => wake());
    }
  };
  void pump();

  return {
    status: response.status,
    events,
    get ended() {
      return ended;
    },
    /** Waits for the first event from index `from` on that matches. */
    async next(
      match: (event: StreamEvent) => boolean,
      options: { from?: number; timeoutMs?: number } = {},
    ): Promise<StreamEvent> {
      const deadline = Date.now() + (options.timeoutMs ?? 5000);
      for (;;) {
        const found = events.slice(options.from ?? 0).find(match);
        if (found) return found;
        if (ended) throw new Error(`the stream ended; events so far: ${JSON.stringify(events)}`);
        const left = deadline - Date.now();
        if (left <= 0)
          throw new Error(`no matching event; events so far: ${JSON.stringify(events)}`);
        await new Promise<void>((resolve) => {
          const wake = () => {
            waiters.delete(wake);
            clearTimeout(timer);
            resolve();
          };
          const timer = setTimeout(wake, left);
          waiters.add(wake);
        });
      }
    },
    close: () => controller.abort(),
  };
}

function parseBlock(block: string): StreamEvent {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) return { event: ':', data: line.slice(1).trim() };
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    if (field === 'data') data.push(value);
    if (field === 'retry') event = 'retry';
  }
  return { event, data: data.join('\n') };
}
