import type { EventName, EventPayload } from '../../src-shared/contract.js';
import type { CoreEventListener, CoreEvents } from './core-types.js';

export interface EventBus extends CoreEvents {
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
}

export function createEventBus(onListenerError: (error: unknown) => void = () => {}): EventBus {
  const byName = new Map<EventName, Set<(payload: unknown) => void>>();
  const any = new Set<(event: EventName, payload: unknown) => void>();
  const safely = (fn: () => void) => {
    try {
      fn();
    } catch (error) {
      onListenerError(error);
    }
  };
  return {
    on<E extends EventName>(event: E, listener: CoreEventListener<E>) {
      const set = byName.get(event) ?? new Set();
      set.add(listener as (payload: unknown) => void);
      byName.set(event, set);
      return () => set.delete(listener as (payload: unknown) => void);
    },
    onAny(listener) {
      any.add(listener);
      return () => any.delete(listener);
    },
    emit(event, payload) {
      for (const listener of byName.get(event) ?? []) safely(() => listener(payload));
      for (const listener of any) safely(() => listener(event, payload));
    },
  };
}
