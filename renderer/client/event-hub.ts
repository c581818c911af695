// Listeners per event name, shared by both transports. Incoming events are validated against
// the contract first: a malformed frame is reported and dropped, never passed to the UI.
import { events, isEventName } from '../../electron/shared/contract';
import type { AnyEvent, EventName, EventPayload } from '../../electron/shared/contract';

type Listener = (payload: never) => void;

export interface EventHub {
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
  emit(event: AnyEvent): void;
  clear(): void;
}

export function createEventHub(): EventHub {
  const listeners = new Map<EventName, Set<Listener>>();
  return {
    on(name, listener) {
      const set = listeners.get(name) ?? new Set<Listener>();
      listeners.set(name, set);
      set.add(listener as Listener);
      return () => {
        set.delete(listener as Listener);
      };
    },
    emit(event) {
      for (const listener of [...(listeners.get(event.name) ?? [])]) {
        try {
          (listener as (payload: AnyEvent['payload']) => void)(event.payload);
        } catch (error) {
          // One broken listener must not starve the others of updates.
          console.error(`listener for ${event.name} failed`, error);
        }
      }
    },
    clear() {
      listeners.clear();
    },
  };
}

/** Validates `{ name, payload }` from a transport; returns a specific message when it does not fit. */
export function parseEvent(raw: unknown): { ok: true; event: AnyEvent } | { ok: false; message: string } {
  if (typeof raw !== 'object' || raw === null) return { ok: false, message: 'event is not an object' };
  const { name, payload } = raw as { name?: unknown; payload?: unknown };
  if (typeof name !== 'string' || !isEventName(name)) return { ok: false, message: `unknown event ${JSON.stringify(name)}` };
  const parsed = events[name].safeParse(payload);
  if (!parsed.success) return { ok: false, message: `bad ${name} payload: ${parsed.error.message}` };
  return { ok: true, event: { name, payload: parsed.data } as AnyEvent };
}
