import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { callNames, type CallName, type EventName } from '../../src-shared/contract.js';
import { IPC_CALL_PREFIX, IPC_EVENT_CHANNEL } from '../../src-shared/ipc-channels.js';
import { fail, type Result } from '../../src-shared/result.js';
import type { Core } from '../core/core-types.js';

/**
 * One invoke channel per contract call, all served by the same path: sender check, then the
 * core's dispatch (which validates the input). The renderer always gets a Result back, never
 * a rejected invoke, so no error text from main leaks into it unshaped.
 * Returns a function that removes every handler it registered.
 */
export function registerIpcHandlers(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  core: Core,
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean,
  /** Told about a dispatch that threw instead of answering; never receives the call's input. */
  onError: (method: CallName, error: unknown) => void = () => {},
): () => void {
  const serve = async (
    method: CallName,
    event: IpcMainInvokeEvent,
    input: unknown,
  ): Promise<Result<unknown>> => {
    if (!isTrustedSender(event)) {
      return fail('forbidden', 'This window is not allowed to use the Gatedesk API.');
    }
    try {
      return await core.dispatch(method, input, { shell: 'electron' });
    } catch (error) {
      onError(method, error);
      return fail(
        'internal',
        `Gatedesk could not complete "${method}". The details are in the log.`,
      );
    }
  };

  for (const method of callNames) {
    ipcMain.handle(IPC_CALL_PREFIX + method, (event, input: unknown) =>
      serve(method, event, input),
    );
  }
  return () => {
    for (const method of callNames) ipcMain.removeHandler(IPC_CALL_PREFIX + method);
  };
}

/** Sends every core event to the renderer on the one event channel; returns the unsubscribe. */
export function forwardEvents(
  core: Pick<Core, 'events'>,
  send: (channel: string, event: EventName, payload: unknown) => void,
): () => void {
  return core.events.onAny((event, payload) => send(IPC_EVENT_CHANNEL, event, payload));
}
