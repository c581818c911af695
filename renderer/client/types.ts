// What the UI talks to: the shared HeirloomClient plus the state of the live-update channel.
import type { HeirloomClient } from '../../electron/shared/client';

/**
 * Status of the event channel. The UI (re)loads its state on every `connected`: the first one
 * is the initial load, later ones are the resync after a reconnect (events sent while the
 * channel was down are lost, so the lists are fetched again).
 */
export type ConnectionEvent =
  | { kind: 'connecting' }
  | { kind: 'connected' }
  | { kind: 'disconnected'; retryInMs: number };

export interface UiClient extends HeirloomClient {
  /** The current status is delivered at once to a new listener. Returns its unsubscribe function. */
  onConnection(listener: (event: ConnectionEvent) => void): () => void;
  /** Stops the event channel (and its reconnects) and drops every listener. */
  close(): void;
}
