// Runs before the browser specs: a missing Chromium or a missing build fails the run with the
// fix in the message, instead of failing every spec obscurely or being skipped.
import { existsSync } from 'node:fs';
import { test as setup } from '@playwright/test';
import { CHROMIUM, CLI_PATH, RENDERER_INDEX } from './paths';

setup('Chromium and the built app are present', () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install it with \`apt-get install -y chromium\` or set HEIRLOOM_CHROMIUM`);
  }
  for (const built of [CLI_PATH, RENDERER_INDEX]) {
    if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` before the e2e tests`);
  }
});
