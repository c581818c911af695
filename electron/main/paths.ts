// Where everything lives, computed from what Electron reports (pure: tests pass plain values).
import { isAbsolute, join, resolve } from 'node:path';
import { electronNativeBindingPath } from './native-binding';

/** Bundle outputs, relative to the app root (build/scripts/bundle.ts writes them; the builder config ships them). */
export const PRELOAD_ENTRY = 'dist/preload/preload.cjs';
export const RENDERER_DIR = 'dist/renderer';
/** Chroma mode's rebuild thread; unpacked from the asar (electron-builder.yml asarUnpack), loaded from app.asar.unpacked. */
export const REBUILD_WORKER_ENTRY = 'dist/main/rebuild-worker.cjs';
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
}

export function resolveAppPaths(facts: AppFacts): AppPaths {
  return {
    dataDir: facts.userData,
    workflowsDir: facts.isPackaged ? join(facts.resourcesPath, 'workflows') : join(facts.appPath, 'workflows'),
    defaultOutputDir: join(facts.pictures, 'Heirloom'),
    nativeBinding: facts.isPackaged ? undefined : electronNativeBindingPath(facts.appPath, facts.abi),
    preload: join(facts.appPath, PRELOAD_ENTRY),
    rendererDir: join(facts.appPath, RENDERER_DIR),
    // A worker thread is a file Node loads itself: not from inside the asar archive.
    rebuildWorker: join(facts.isPackaged ? facts.appPath.replace(/\.asar$/, '.asar.unpacked') : facts.appPath, REBUILD_WORKER_ENTRY),
  };
}

/** HEIRLOOM_DATA_DIR (tests, portable use) replaces userData; relative paths resolve against cwd. */
export function dataDirOverride(env: Readonly<Record<string, string | undefined>>, cwd: string): string | undefined {
  const raw = env[DATA_DIR_ENV];
  if (raw === undefined || raw.trim() === '') return undefined;
  return isAbsolute(raw) ? raw : resolve(cwd, raw);
}
