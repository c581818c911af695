// `npm start`'s prestart: make sure the Electron-ABI better-sqlite3 exists; fail loudly if it
// cannot be built (npm start would only crash later with an ABI mismatch).
import { ensureElectronNative, projectRoot } from './electron-sqlite';

try {
  await ensureElectronNative({ root: projectRoot, env: process.env, platform: process.platform, arch: process.arch, log: (line) => console.log(line) });
} catch (error) {
  console.error(`cannot build better-sqlite3 for Electron: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
