import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { forwardEvents, registerIpcHandlers } from '../../../src-main/app/ipc.js';
import {
  createDispatch,
  type Dispatch,
  type Handlers,
} from '../../../src-main/core/api/dispatch.js';
import type { Core } from '../../../src-main/core/core-types.js';
import { createEventBus } from '../../../src-main/core/events.js';
import { callNames } from '../../../src-shared/contract.js';
import { IPC_CALL_PREFIX, IPC_EVENT_CHANNEL } from '../../../src-shared/ipc-channels.js';
import { ok, type Result } from '../../../src-shared/result.js';

type Listener = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

/** Behaves like ipcMain for handle/removeHandler, including refusing a second handler per channel. */
function fakeIpcMain() {
  const handlers = new Map<string, Listener>();
  const ipcMain = {
    handle(channel: string, listener: Listener) {
      if (handlers.has(channel))
        throw new Error(`Attempted to register a second handler for '${channel}'`);
      handlers.set(channel, listener);
    },
    removeHandler(channel: string) {
      handlers.delete(channel);
    },
  };
  const invoke = async (event: IpcMainInvokeEvent, method: string, input: unknown) => {
    const listener = handlers.get(IPC_CALL_PREFIX + method);
    if (!listener) throw new Error(`No handler registered for '${IPC_CALL_PREFIX + method}'`);
    return (await listener(event, input)) as Result<unknown>;
  };
  return {
    handlers,
    ipcMain: ipcMain as unknown as Pick<IpcMain, 'handle' | 'removeHandler'>,
    invoke,
  };
}

const trusted = { sender: { id: 1 } } as unknown as IpcMainInvokeEvent;
const stranger = { sender: { id: 2 } } as unknown as IpcMainInvokeEvent;
const isTrusted = (event: IpcMainInvokeEvent) => event === trusted;

function coreWith(dispatch: Dispatch): Core {
  return { dispatch, events: createEventBus(), close: async () => {} };
}

describe('IPC handlers', () => {
  it('registers exactly one handler per contract call, and removes them all', () => {
    const { handlers, ipcMain } = fakeIpcMain();
    const dispose = registerIpcHandlers(ipcMain, coreWith(vi.fn()), isTrusted);
    expect([...handlers.keys()].sort()).toEqual(
      callNames.map((name) => IPC_CALL_PREFIX + name).sort(),
    );
    dispose();
    expect(handlers.size).toBe(0);
    // Removed cleanly, so a new window's shell can register again.
    registerIpcHandlers(ipcMain, coreWith(vi.fn()), isTrusted);
    expect(handlers.size).toBe(callNames.length);
  });

  it('answers an untrusted sender with forbidden and never touches the core', async () => {
    const { ipcMain, invoke } = fakeIpcMain();
    const dispatch = vi.fn<Dispatch>();
    registerIpcHandlers(ipcMain, coreWith(dispatch), isTrusted);
    for (const name of callNames) {
      const result = await invoke(stranger, name, {});
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('forbidden');
    }
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('passes a trusted call to dispatch with the electron shell and returns its result', async () => {
    const { ipcMain, invoke } = fakeIpcMain();
    const answer = ok({ version: '1.2.3', shell: 'electron', demo: true });
    const dispatch = vi.fn<Dispatch>(async () => answer);
    registerIpcHandlers(ipcMain, coreWith(dispatch), isTrusted);
    expect(await invoke(trusted, 'app.info', {})).toEqual(answer);
    expect(dispatch).toHaveBeenCalledWith('app.info', {}, { shell: 'electron' });
  });

  it('returns invalid input as invalid_input without running the service', async () => {
    const ran: string[] = [];
    const handlers = Object.fromEntries(
      callNames.map((name) => [
        name,
        () => {
          ran.push(name);
          return null;
        },
      ]),
    ) as unknown as Handlers;
    const { ipcMain, invoke } = fakeIpcMain();
    registerIpcHandlers(ipcMain, coreWith(createDispatch(handlers)), isTrusted);

    const result = await invoke(trusted, 'tickets.get', { id: '', extra: 'x' });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('invalid_input');
      expect(result.error.issues?.length).toBeGreaterThan(0);
    }
    expect(ran).toEqual([]);

    expect((await invoke(trusted, 'tickets.get', { id: 't-1' })).ok).toBe(true);
    expect(ran).toEqual(['tickets.get']);
  });

  it('turns a dispatch that throws into an internal error result, reported without the input', async () => {
    const { ipcMain, invoke } = fakeIpcMain();
    const onError = vi.fn();
    registerIpcHandlers(
      ipcMain,
      coreWith(async () => {
        throw new Error('the store is closed');
      }),
      isTrusted,
      onError,
    );
    const result = await invoke(trusted, 'profiles.activate', { id: 'secret-profile' });
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(result)).not.toContain('the store is closed');
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError.mock.calls[0]![0]).toBe('profiles.activate');
    expect(JSON.stringify(onError.mock.calls)).not.toContain('secret-profile');
  });
});

describe('event forwarding', () => {
  it('sends every core event to the renderer on the event channel until unsubscribed', () => {
    const events = createEventBus();
    const send = vi.fn();
    const stop = forwardEvents({ events }, send);
    events.emit('profiles.changed', { activeId: 'p1' });
    events.emit('store.changed', { profileId: 'p1', tables: ['tickets'] });
    expect(send.mock.calls).toEqual([
      [IPC_EVENT_CHANNEL, 'profiles.changed', { activeId: 'p1' }],
      [IPC_EVENT_CHANNEL, 'store.changed', { profileId: 'p1', tables: ['tickets'] }],
    ]);
    stop();
    events.emit('profiles.changed', { activeId: null });
    expect(send).toHaveBeenCalledTimes(2);
  });
});
