// Browser e2e: the built CLI serves the real UI and core; Debian's Chromium drives it.
// 'preflight' fails the run (never skips it) when Chromium or the build is missing.
import { defineConfig } from '@playwright/test';
import { CHROMIUM } from './support/paths';

export default defineConfig({
  outputDir: 'artifacts/test-results',
  reporter: 'list',
  retries: 0,
  // Two cores: each test runs a Heirloom host, a ComfyUI emulator and a browser page.
  workers: 2,
  forbidOnly: Boolean(process.env['CI']),
  timeout: 90_000,
  expect: { timeout: 20_000 },
  projects: [
    { name: 'preflight', testDir: 'support', testMatch: 'preflight.setup.ts' },
    {
      name: 'browser',
      testDir: 'specs',
      dependencies: ['preflight'],
      use: {
        browserName: 'chromium',
        viewport: { width: 1280, height: 820 },
        // The app's designed default; light follows the OS the same way (CSS variables).
        colorScheme: 'dark',
        launchOptions: {
          executablePath: CHROMIUM,
          args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
        },
        trace: 'retain-on-failure',
        screenshot: 'only-on-failure',
      },
    },
    { name: 'electron', testDir: 'electron' },
  ],
});
