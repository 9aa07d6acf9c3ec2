import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from '../src-shared/bridge.js';
import { isEventName, type EventName } from '../src-shared/contract.js';
import type { Result } from '../src-shared/result.js';
import { IPC_CALL_PREFIX, IPC_EVENT_CHANNEL } from '../src-shared/ipc-channels.js';

/**
 * The whole surface the renderer gets: one function per contract call and `on` for events.
 * ipcRenderer itself never crosses the bridge.
 */
const listeners = new Map<EventName, Set<(payload: unknown) => void>>();

ipcRenderer.on(IPC_EVENT_CHANNEL, (_event, name: unknown, payload: unknown) => {
  if (!isEventName(name)) return;
  for (const listener of listeners.get(name) ?? []) listener(payload);
});

const bridge = createBridge(
  (method, input) => ipcRenderer.invoke(IPC_CALL_PREFIX + method, input) as Promise<Result<unknown>>,
  (event, listener) => {
    const set = listeners.get(event) ?? new Set();
    set.add(listener);
    listeners.set(event, set);
    return () => set.delete(listener);
  },
);

contextBridge.exposeInMainWorld('gatedesk', bridge);

/** The renderer derives `window.gatedesk`'s type from here. */
export type GatedeskBridge = typeof bridge;
