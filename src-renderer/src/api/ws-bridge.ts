import { createBridge, type Bridge } from '../../../src-shared/bridge';
import { isEventName, type CallName, type EventName } from '../../../src-shared/contract';
import { errorCodes, fail, type ErrorCode, type Result } from '../../../src-shared/result';
import { WS_MAX_PAYLOAD_BYTES, type ClientFrame } from '../../../src-shared/ws-protocol';

/**
 * The web host's transport: the whole contract over one WebSocket (src-shared/ws-protocol.ts).
 * It never throws at callers: every call settles with a Result, so a lost connection looks
 * like any other failure ('unavailable') and the UI shows it the same way.
 */

/** The part of a WebSocket this transport uses; the browser's and the `ws` package's both fit. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(
    type: 'open' | 'close' | 'error' | 'message',
    listener: (event: object) => void,
  ): void;
}
export type SocketConstructor = new (url: string) => SocketLike;

const SOCKET_OPEN = 1;

export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** Lets the UI show an offline banner and offer "retry now"; Electron's IPC is always 'open'. */
export interface ConnectionMonitor {
  getStatus(): ConnectionStatus;
  subscribe(listener: (status: ConnectionStatus) => void): () => void;
  retryNow(): void;
}

export interface WsTransportOptions {
  url: string;
  WebSocket: SocketConstructor;
  /** First reconnect delay; doubles on every failed attempt up to maxDelayMs, with jitter. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** How long a call made while disconnected waits for the connection before it fails. */
  queueTimeoutMs?: number;
  /** Injected for deterministic tests; defaults to Math.random. */
  random?: () => number;
}

export interface WsTransport extends ConnectionMonitor {
  invoke(method: CallName, input: unknown): Promise<Result<unknown>>;
  on(event: EventName, listener: (payload: unknown) => void): () => void;
  /** Stops reconnecting and settles every outstanding call as 'unavailable'. */
  close(): void;
}

interface PendingCall {
  frame: ClientFrame;
  /** Set once the frame went out: only then can the host have acted on it. */
  sent: boolean;
  settle(result: Result<unknown>): void;
  queueTimer: ReturnType<typeof setTimeout> | undefined;
}

/** Full-jitter exponential backoff, kept within [delay/2, delay] so retries neither stampede nor stall. */
export function reconnectDelay(
  attempt: number,
  initialMs: number,
  maxMs: number,
  random: () => number,
): number {
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

export function createWsTransport(options: WsTransportOptions): WsTransport {
  const initialDelayMs = options.initialDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 15_000;
  const queueTimeoutMs = options.queueTimeoutMs ?? 15_000;
  const random = options.random ?? Math.random;

  const pending = new Map<number, PendingCall>();
  const eventListeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const statusListeners = new Set<(status: ConnectionStatus) => void>();
  let nextId = 1;
  let socket: SocketLike | undefined;
  let status: ConnectionStatus = 'connecting';
  let attempt = 0;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  let closedByUser = false;

  function setStatus(next: ConnectionStatus): void {
    if (next === status) return;
    status = next;
    for (const listener of [...statusListeners]) listener(next);
  }

  function settle(id: number, result: Result<unknown>): void {
    const call = pending.get(id);
    if (!call) return;
    pending.delete(id);
    if (call.queueTimer) clearTimeout(call.queueTimer);
    call.settle(result);
  }

  function sendFrame(call: PendingCall): void {
    if (!socket || socket.readyState !== SOCKET_OPEN) return;
    let text: string;
    try {
      text = JSON.stringify(call.frame);
    } catch {
      settle(
        call.frame.id,
        fail('invalid_input', `The input of "${call.frame.method}" cannot be sent.`),
      );
      return;
    }
    // The host closes a socket that sends an oversized frame, which would fail every other call too.
    if (
      text.length > WS_MAX_PAYLOAD_BYTES / 4 &&
      new TextEncoder().encode(text).length > WS_MAX_PAYLOAD_BYTES
    ) {
      settle(
        call.frame.id,
        fail('invalid_input', `The input of "${call.frame.method}" is too large to send.`),
      );
      return;
    }
    try {
      socket.send(text);
    } catch {
      // The socket is going away; its close event fails or re-queues this call.
      return;
    }
    call.sent = true;
    if (call.queueTimer) clearTimeout(call.queueTimer);
    call.queueTimer = undefined;
  }

  function startQueueTimer(call: PendingCall): void {
    call.queueTimer = setTimeout(() => {
      settle(
        call.frame.id,
        fail(
          'unavailable',
          'Gatedesk is not reachable right now. It is reconnecting; try again in a moment.',
        ),
      );
    }, queueTimeoutMs);
  }

  function connect(): void {
    if (closedByUser) return;
    reconnectTimer = undefined;
    let ws: SocketLike;
    try {
      ws = new options.WebSocket(options.url);
    } catch {
      scheduleReconnect();
      return;
    }
    socket = ws;
    ws.addEventListener('open', () => {
      if (socket !== ws) return;
      attempt = 0;
      setStatus('open');
      for (const call of pending.values()) if (!call.sent) sendFrame(call);
    });
    ws.addEventListener('message', (event) => {
      if (socket === ws && 'data' in event) handleMessage(event.data);
    });
    // 'error' is always followed by 'close'; the close handler does the work once.
    ws.addEventListener('error', () => undefined);
    ws.addEventListener('close', () => {
      if (socket !== ws) return;
      socket = undefined;
      failInFlight();
      if (closedByUser) return;
      setStatus('reconnecting');
      scheduleReconnect();
    });
  }

  function scheduleReconnect(): void {
    if (closedByUser || reconnectTimer) return;
    const delay = reconnectDelay(attempt, initialDelayMs, maxDelayMs, random);
    attempt += 1;
    reconnectTimer = setTimeout(connect, delay);
  }

  /**
   * Calls that reached the host may or may not have taken effect, so they fail and the user
   * decides; calls still queued were never seen and wait for the next connection instead.
   */
  function failInFlight(): void {
    for (const call of [...pending.values()]) {
      if (call.sent) {
        settle(
          call.frame.id,
          fail(
            'unavailable',
            `The connection to Gatedesk was lost before "${call.frame.method}" finished. Check whether it took effect, then try again.`,
          ),
        );
      } else if (!call.queueTimer && !closedByUser) {
        startQueueTimer(call);
      }
    }
  }

  function handleMessage(data: unknown): void {
    if (typeof data !== 'string') return;
    let frame: unknown;
    try {
      frame = JSON.parse(data);
    } catch {
      return;
    }
    if (!isRecord(frame)) return;
    if (frame.type === 'result' && typeof frame.id === 'number') {
      settle(frame.id, toResult(frame.result));
    } else if (frame.type === 'event' && isEventName(frame.event)) {
      for (const listener of [...(eventListeners.get(frame.event) ?? [])]) {
        try {
          listener(frame.payload);
        } catch (error) {
          // One broken listener must not starve the others of events.
          console.error(`Gatedesk: a listener for "${frame.event}" failed`, error);
        }
      }
    }
  }

  function invoke(method: CallName, input: unknown): Promise<Result<unknown>> {
    if (closedByUser)
      return Promise.resolve(fail('unavailable', 'Gatedesk has closed its connection.'));
    return new Promise((resolve) => {
      const id = nextId++;
      const call: PendingCall = {
        frame: { type: 'call', id, method, input },
        sent: false,
        settle: resolve,
        queueTimer: undefined,
      };
      pending.set(id, call);
      if (socket?.readyState === SOCKET_OPEN) sendFrame(call);
      // The first connection is expected shortly, so only calls made after a drop get a deadline.
      else if (status === 'reconnecting') startQueueTimer(call);
    });
  }

  connect();

  return {
    invoke,
    on(event, listener) {
      const set = eventListeners.get(event) ?? new Set();
      set.add(listener);
      eventListeners.set(event, set);
      return () => {
        set.delete(listener);
      };
    },
    getStatus: () => status,
    subscribe(listener) {
      statusListeners.add(listener);
      return () => {
        statusListeners.delete(listener);
      };
    },
    retryNow() {
      if (closedByUser || status === 'open' || socket) return;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      connect();
    },
    close() {
      closedByUser = true;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      reconnectTimer = undefined;
      const ws = socket;
      socket = undefined;
      ws?.close(1000, 'client closed');
      for (const id of [...pending.keys()])
        settle(id, fail('unavailable', 'Gatedesk has closed its connection.'));
      setStatus('closed');
    },
  };
}

export interface WsBridge {
  bridge: Bridge;
  connection: ConnectionMonitor;
  close(): void;
}

/** The same bridge object Electron's preload exposes, built over the web host's WebSocket. */
export function createWsBridge(options: WsTransportOptions): WsBridge {
  const transport = createWsTransport(options);
  return {
    bridge: createBridge(transport.invoke, transport.on),
    connection: transport,
    close: transport.close,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const knownCodes: ReadonlySet<string> = new Set(errorCodes);

/** Trusts the host's frame only as far as its shape goes; anything odd becomes an 'internal' failure. */
function toResult(raw: unknown): Result<unknown> {
  if (!isRecord(raw))
    return fail('internal', 'Gatedesk sent an answer this window could not read.');
  if (raw.ok === true) return { ok: true, value: raw.value };
  const error = isRecord(raw.error) ? raw.error : {};
  const code =
    typeof error.code === 'string' && knownCodes.has(error.code)
      ? (error.code as ErrorCode)
      : 'internal';
  const message =
    typeof error.message === 'string' ? error.message : 'Gatedesk could not complete the request.';
  const issues = Array.isArray(error.issues)
    ? error.issues
        .filter(isRecord)
        .map((issue) => ({ path: String(issue.path ?? ''), message: String(issue.message ?? '') }))
    : undefined;
  return fail(code, message, issues);
}
