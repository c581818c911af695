// The real Electron app, driven by Playwright: window, isolation, IPC round-trip, guards.
// Runs wherever the Electron binary is installed; skipped (with the reason) where it is not.
import { _electron as electron, expect, test } from '@playwright/test';
import type { ElectronApplication, Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PreloadApi } from '../../electron/shared/client';

const root = join(import.meta.dirname, '..', '..');
const electronInstalled = existsSync(join(root, 'node_modules', 'electron', 'path.txt'));

test.describe('Electron app', () => {
  test.skip(
    !electronInstalled,
    'no Electron binary here (node_modules/electron/path.txt missing, e.g. installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1); run `node node_modules/electron/install.js` with network access to GitHub to enable this spec',
  );
  test.describe.configure({ mode: 'serial' });

  let dataDir: string;
  let app: ElectronApplication;
  let page: Page;

  test.beforeAll(async () => {
    if (!existsSync(join(root, 'dist', 'main', 'main.cjs'))) throw new Error('dist/main/main.cjs is missing: run `npm run build` first');
    // Same step as `npm start`'s prestart: the Electron-ABI better-sqlite3 (idempotent).
    const native = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'build', 'scripts', 'native-electron.ts')], { cwd: root, encoding: 'utf8' });
    if (native.status !== 0) throw new Error(`building better-sqlite3 for Electron failed:\n${native.stdout}\n${native.stderr}`);
    dataDir = mkdtempSync(join(tmpdir(), 'heirloom-electron-'));
    app = await electron.launch({ args: ['.'], cwd: root, env: { ...process.env, HEIRLOOM_DATA_DIR: dataDir } });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  test.afterAll(async () => {
    await app?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('one window titled Heirloom, showing heirloom://app', async () => {
    expect(page.url()).toBe('heirloom://app/index.html');
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().map((w) => w.getTitle()))).toEqual(['Heirloom']);
    await expect(page).toHaveTitle(/Heirloom/);
  });

  test('context isolation: no Node in the page, only the narrow heirloom API', async () => {
    const globals = await page.evaluate(() => ({
      require: typeof Reflect.get(window, 'require'),
      process: typeof Reflect.get(window, 'process'),
      module: typeof Reflect.get(window, 'module'),
      heirloom: Object.keys((Reflect.get(window, 'heirloom') as PreloadApi)).sort(),
    }));
    expect(globals).toEqual({ require: 'undefined', process: 'undefined', module: 'undefined', heirloom: ['invoke', 'pathsForFiles', 'subscribe'] });
  });

  test('a command round-trips through IPC to the core, which uses HEIRLOOM_DATA_DIR', async () => {
    const info = await page.evaluate(() => (Reflect.get(window, 'heirloom') as PreloadApi).invoke('app.info', {}));
    expect(info).toMatchObject({ ok: true, result: { dataDir } });
    const unknown = await page.evaluate(() => (Reflect.get(window, 'heirloom') as PreloadApi).invoke('rm.rf' as 'app.info', {}));
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown-command' } });
    const invalid = await page.evaluate(() => (Reflect.get(window, 'heirloom') as PreloadApi).invoke('photos.importPaths', { paths: [] }));
    expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid-arguments' } });
  });

  test('heirloom:// serves the app with its CSP and unknown media as 404; popups are denied', async () => {
    const answers = await page.evaluate(async () => {
      const app = await fetch('/index.html');
      return { status: app.status, csp: app.headers.get('content-security-policy'), popup: window.open('https://example.com/') === null };
    });
    expect(answers.status).toBe(200);
    expect(answers.csp).toContain("default-src 'self'");
    expect(answers.csp).toContain("frame-ancestors 'none'");
    expect(answers.popup).toBe(true);
    const media = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          const img = new Image();
          img.onload = () => resolve('loaded');
          img.onerror = () => resolve('error');
          img.src = 'heirloom://media/no-such-photo/thumb';
        }),
    );
    expect(media).toBe('error');
  });

  test('window state is saved on close', async () => {
    await app.close();
    const state = JSON.parse(readFileSync(join(dataDir, 'window-state.json'), 'utf8')) as { width: number; maximized: boolean };
    expect(state.width).toBeGreaterThan(0);
    expect(typeof state.maximized).toBe('boolean');
  });
});
