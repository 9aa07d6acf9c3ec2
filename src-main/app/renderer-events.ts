import { events, type EventName, type EventPayload } from '../../src-shared/contract.js';

/**
 * Events the shell itself sends to the renderer (deep links, menu commands), on the same
 * channel as the core's. A page subscribes while its scripts run, so anything sent before it
 * has loaded would be lost: until `ready()` events wait here, and a reload makes them wait
 * again. Payloads are checked against the contract, like every other crossing.
 */
export interface RendererEvents {
  send<E extends EventName>(event: E, payload: EventPayload<E>): void;
  /** The page finished loading: deliver what waited. */
  ready(): void;
  /** The page is (re)loading or gone: hold events until it is ready again. */
  notReady(): void;
}

/** Old navigation requests are worth little; a burst of links keeps only the newest few. */
export const MAX_WAITING_EVENTS = 8;

export function createRendererEvents(
  deliver: (event: EventName, payload: unknown) => void,
): RendererEvents {
  let isReady = false;
  const waiting: [EventName, unknown][] = [];
  return {
    send(event, payload) {
      const checked = events[event].parse(payload);
      if (isReady) return deliver(event, checked);
      waiting.push([event, checked]);
      if (waiting.length > MAX_WAITING_EVENTS) waiting.shift();
    },
    ready() {
      isReady = true;
      for (const [event, payload] of waiting.splice(0)) deliver(event, payload);
    },
    notReady() {
      isReady = false;
    },
  };
}
