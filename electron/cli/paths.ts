import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository/app root: two levels above this file both as source (electron/cli) and bundled (dist/cli). */
export const APP_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const WORKFLOWS_DIR = join(APP_ROOT, 'workflows');
export const RENDERER_DIR = join(APP_ROOT, 'dist', 'renderer');

export function appVersion(): string {
  return (JSON.parse(readFileSync(join(APP_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Same folder as the Electron app's userData, so the CLI and the app share one library. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.HEIRLOOM_DATA_DIR) return env.HEIRLOOM_DATA_DIR;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Heirloom');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Heirloom');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Heirloom');
}

export function defaultPicturesOutput(): string {
  return join(homedir(), 'Pictures', 'Heirloom');
}
