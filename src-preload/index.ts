import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { createBridge } from '../src-shared/bridge.js';
import { isEventName, type EventName } from '../src-shared/contract.js';
import { fail, type Result } from '../src-shared/result.js';
import { IPC_CALL_PREFIX, IPC_EVENT_CHANNEL } from '../src-shared/ipc-channels.js';

/**
 * The whole surface the renderer gets: one function per contract call and `on` for events.
 * ipcRenderer itself never crosses the bridge.
 */
const listeners = new Map<EventName, Set<(payload: unknown) => void>>();

ipcRenderer.on(IPC_EVENT_CHANNEL, (_event, name: unknown, payload: unknown) => {
  if (!isEventName(name)) return;
  for (const listener of listeners.get(name) ?? []) {
    // One failing listener must not keep the others from hearing about the change.
    try {
      listener(payload);
    } catch (error) {
      console.error(`a listener of ${name} failed`, error);
    }
  }
});

// The bridge promises a Result for every call; an invoke that rejects (main not answering,
// input that cannot be cloned) becomes one instead of an exception the page did not expect.
const invoke = async (method: string, input: unknown): Promise<Result<unknown>> => {
  try {
    return (await ipcRenderer.invoke(IPC_CALL_PREFIX + method, input)) as Result<unknown>;
  } catch {
    return fail(
      'unavailable',
      'Gatedesk’s background service did not answer. Try again, or restart Gatedesk.',
    );
  }
};

const bridge = createBridge(invoke, (event, listener) => {
  const set = listeners.get(event) ?? new Set();
  set.add(listener);
  listeners.set(event, set);
  return () => set.delete(listener);
});

contextBridge.exposeInMainWorld('gatedesk', bridge);

/**
 * The one thing the contract cannot carry: the local path of a file the person picked or dropped,
 * which attachments.stageFile needs. The page sees only the path of a File it was given.
 */
const files = Object.freeze({ pathForFile: (file: File): string => webUtils.getPathForFile(file) });
contextBridge.exposeInMainWorld('gatedeskFiles', files);
export type GatedeskFiles = typeof files;

/** The renderer derives `window.gatedesk`'s type from here. */
export type GatedeskBridge = typeof bridge;
