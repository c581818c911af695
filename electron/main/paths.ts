// Where everything lives, computed from what Electron reports (pure: tests pass plain values).
import { isAbsolute, join, resolve } from 'node:path';
import { electronNativeBindingPath } from './native-binding';

/** Bundle outputs, relative to the app root (build/scripts/bundle.ts writes them; the builder config ships them). */
export const PRELOAD_ENTRY = 'dist/preload/preload.cjs';
export const RENDERER_DIR = 'dist/renderer';
/** Chroma mode's rebuild thread; unpacked from the asar (electron-builder.yml asarUnpack), loaded from app.asar.unpacked. */
export const REBUILD_WORKER_ENTRY = 'dist/main/rebuild-worker.cjs';
/** The WAL's sync thread (db/wal-sync.ts), unpacked like the rebuild thread; it carries better-sqlite3's JS. */
export const CHECKPOINT_WORKER_ENTRY = 'dist/main/checkpoint-worker.cjs';
/** better-sqlite3's native module as electron-builder rebuilds it for Electron, unpacked (`**\/*.node`). */
export const PACKAGED_SQLITE_BINDING = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node';
export const DATA_DIR_ENV = 'HEIRLOOM_DATA_DIR';

export interface AppFacts {
  appPath: string;
  isPackaged: boolean;
  resourcesPath: string;
  userData: string;
  pictures: string;
  /** NODE_MODULE_VERSION of the running Electron. */
  abi: string;
}

export interface AppPaths {
  dataDir: string;
  workflowsDir: string;
  defaultOutputDir: string;
  /** undefined when packaged: electron-builder rebuilt node_modules for Electron. */
  nativeBinding: string | undefined;
  preload: string;
  rendererDir: string;
  rebuildWorker: string;
  checkpointWorker: string;
  /** The native module the checkpoint thread loads by path (it cannot look it up from its bundle). */
  checkpointBinding: string;
}

export function resolveAppPaths(facts: AppFacts): AppPaths {
  // A worker thread is a file Node loads itself: not from inside the asar archive.
  const unpacked = facts.isPackaged ? facts.appPath.replace(/\.asar$/, '.asar.unpacked') : facts.appPath;
  const nativeBinding = facts.isPackaged ? undefined : electronNativeBindingPath(facts.appPath, facts.abi);
  return {
    dataDir: facts.userData,
    workflowsDir: facts.isPackaged ? join(facts.resourcesPath, 'workflows') : join(facts.appPath, 'workflows'),
    defaultOutputDir: join(facts.pictures, 'Heirloom'),
    nativeBinding,
    preload: join(facts.appPath, PRELOAD_ENTRY),
    rendererDir: join(facts.appPath, RENDERER_DIR),
    rebuildWorker: join(unpacked, REBUILD_WORKER_ENTRY),
    checkpointWorker: join(unpacked, CHECKPOINT_WORKER_ENTRY),
    checkpointBinding: nativeBinding ?? join(unpacked, PACKAGED_SQLITE_BINDING),
  };
}

/** HEIRLOOM_DATA_DIR (tests, portable use) replaces userData; relative paths resolve against cwd. */
export function dataDirOverride(env: Readonly<Record<string, string | undefined>>, cwd: string): string | undefined {
  const raw = env[DATA_DIR_ENV];
  if (raw === undefined || raw.trim() === '') return undefined;
  return isAbsolute(raw) ? raw : resolve(cwd, raw);
}
