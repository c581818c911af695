// npm install's postinstall: try the Electron-ABI better-sqlite3 build, never fail the install
// (npm start's prestart retries and fails loudly; tests and the CLI use the Node build anyway).
import { ensureElectronNative, projectRoot } from './electron-sqlite';

try {
  await ensureElectronNative({ root: projectRoot, env: process.env, platform: process.platform, arch: process.arch, log: (line) => console.log(`[postinstall] ${line}`) });
} catch (error) {
  console.warn(`[postinstall] warning: better-sqlite3 for Electron not built (${error instanceof Error ? error.message : String(error)}); \`npm start\` will try again.`);
}
