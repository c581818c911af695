// One rule, shared by the app (dev runs) and build/scripts/native-electron.ts: where the
// Electron-ABI copy of better-sqlite3 lives. node_modules/better-sqlite3 stays built for Node
// (tests, CLI); Electron gets this copy through better-sqlite3's `nativeBinding` option.
import { join } from 'node:path';

/** `abi` is NODE_MODULE_VERSION: process.versions.modules in Electron, node_modules/electron/abi_version at build time. */
export function electronNativeBindingPath(root: string, abi: string): string {
  if (!/^\d+$/.test(abi)) throw new Error(`invalid Electron ABI "${abi}": expected digits such as 150`);
  return join(root, '.native', `electron-v${abi}`, 'better_sqlite3.node');
}
