// An in-memory UiClient for store tests: commands answer from handlers the test sets, and the
// test pushes events and connection changes by hand.
import type { CommandName, CommandResult, EventName, EventPayload, ImportResult } from '../../electron/shared/contract';
import type { ConnectionEvent, FolderPick, UiClient } from '../../renderer/client/types';
import { importResult } from './fixtures';

type Handler = (args: unknown) => Promise<unknown>;

export interface FakeClient extends UiClient {
  handle<K extends CommandName>(name: K, answer: (args: unknown) => CommandResult<K> | Promise<CommandResult<K>>): void;
  calls: { name: CommandName; args: unknown }[];
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void;
  setConnection(event: ConnectionEvent): void;
  importAnswer: (files: readonly File[]) => Promise<ImportResult>;
  folderAnswer: (folders: readonly FolderPick[]) => Promise<ImportResult>;
}

export function createFakeClient(): FakeClient {
  const handlers = new Map<CommandName, Handler>();
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  const connection = new Set<(event: ConnectionEvent) => void>();
  let status: ConnectionEvent = { kind: 'connecting' };
  const fake: FakeClient = {
    calls: [],
    handle(name, answer) {
      handlers.set(name, async (args) => answer(args));
    },
    async call(name, args) {
      fake.calls.push({ name, args });
      const handler = handlers.get(name);
      if (handler === undefined) throw new Error(`no fake answer for ${name}`);
      return (await handler(args)) as never;
    },
    on(name, listener) {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      set.add(listener as (payload: never) => void);
      return () => set.delete(listener as (payload: never) => void);
    },
    emit(name, payload) {
      for (const listener of listeners.get(name) ?? []) (listener as (p: typeof payload) => void)(payload);
    },
    onConnection(listener) {
      connection.add(listener);
      listener(status);
      return () => connection.delete(listener);
    },
    setConnection(event) {
      status = event;
      for (const listener of connection) listener(event);
    },
    importAnswer: async () => importResult(),
    importFiles: (files) => fake.importAnswer(files),
    folderAnswer: async () => importResult(),
    importFolders: (folders) => fake.folderAnswer(folders),
    capabilities: { revealInFolder: false },
    mediaUrl: (id, variant, version) => `media:${id}/${variant}${version === undefined ? '' : `@${version}`}`,
    resultUrl: (id, jobId) => `media:${id}/result/${jobId}`,
    close() {
      listeners.clear();
      connection.clear();
    },
  };
  // Remote workers are off unless a test says otherwise.
  fake.handle('broker.status', () => ({ state: 'disabled', message: null, inFlight: 0 }));
  return fake;
}
