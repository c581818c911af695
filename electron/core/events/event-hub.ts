import type { AnyEvent } from '../../shared/contract';

export interface EventHub {
  emit(event: AnyEvent): void;
  /** Returns its unsubscribe function. */
  subscribe(listener: (event: AnyEvent) => void): () => void;
}

/** Synchronous fan-out; a listener that throws is reported and never stops the others. */
export function createEventHub(onListenerError: (error: unknown) => void = (e) => console.error(e)): EventHub {
  const listeners = new Set<(event: AnyEvent) => void>();
  return {
    emit(event) {
      for (const listener of listeners) {
        try {
          listener(event);
        } catch (error) {
          onListenerError(error);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
