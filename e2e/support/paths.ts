// Where the e2e run finds the built app, the browser and its output folder.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI_PATH = join(REPO_ROOT, 'dist', 'cli', 'heirloom.js');
export const RENDERER_INDEX = join(REPO_ROOT, 'dist', 'renderer', 'index.html');
/** Screenshots taken on purpose (library.png, compare.png); Playwright's own output goes below it. */
export const ARTIFACTS_DIR = join(REPO_ROOT, 'e2e', 'artifacts');
export const CHROMIUM = process.env.HEIRLOOM_CHROMIUM ?? '/usr/bin/chromium';
