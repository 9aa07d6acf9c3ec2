import {
  callNames,
  type CallInput,
  type CallName,
  type CallOutput,
  type EventName,
  type EventPayload,
} from './contract.js';
import type { Result } from './result.js';

/**
 * The shape of `window.gatedesk`: one async function per contract call, plus `on` for events.
 * Transports (Electron IPC in the preload, WebSocket in the web host) supply the two
 * primitives; the method table is generated from the contract's key list.
 */
export type Invoke = (method: CallName, input: unknown) => Promise<Result<unknown>>;
export type Subscribe = (event: EventName, listener: (payload: unknown) => void) => () => void;

export type BridgeMethods = {
  [K in CallName]: (input: CallInput<K>) => Promise<Result<CallOutput<K>>>;
};
export type Bridge = BridgeMethods & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

export function createBridge(invoke: Invoke, subscribe: Subscribe): Bridge {
  const methods = Object.fromEntries(
    callNames.map((name) => [name, (input: unknown) => invoke(name, input ?? {})]),
  ) as unknown as BridgeMethods;
  return Object.freeze({
    ...methods,
    on: (event: EventName, listener: (payload: never) => void) =>
      subscribe(event, listener as (payload: unknown) => void),
  }) as Bridge;
}
