import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { installedElectronVersion, judge, scan } from './security-scan';
import type { ScanResult } from './security-scan';

const root = join(import.meta.dirname, '..', '..');

const SAFE_MAIN = `
import { BrowserWindow, session, shell } from 'electron';
export function open(): BrowserWindow {
  session.defaultSession.setPermissionRequestHandler((_c, _p, callback) => callback(false));
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': ["default-src 'self'"] } });
  });
  const win = new BrowserWindow({
    webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false, disableBlinkFeatures: 'Auxclick' },
  });
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  void shell;
  return win;
}
`;

void describe('electronegativity scan (real tool, fixture folders)', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'heirloom-scan-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const scanFiles = async (name: string, files: Record<string, string>) => {
    const input = join(dir, name);
    mkdirSync(input);
    for (const [file, text] of Object.entries(files)) writeFileSync(join(input, file), text);
    return scan(input, installedElectronVersion(root));
  };

  void test('a hardened window passes', async () => {
    const verdict = judge(await scanFiles('safe', { 'main.ts': SAFE_MAIN }), []);
    assert.deepEqual(verdict.problems, []);
  });

  void test('an insecure window fails, with the check and the place', async () => {
    const insecure = SAFE_MAIN.replace('contextIsolation: true', 'contextIsolation: false').replace('sandbox: true', 'sandbox: false');
    const { problems } = judge(await scanFiles('insecure', { 'main.ts': insecure }), []);
    assert.ok(problems.some((p) => /^HIGH\/\w+ CONTEXT_ISOLATION_JS_CHECK main\.ts:\d+:\d+/.test(p)), problems.join('\n'));
    assert.ok(problems.some((p) => /SANDBOX_JS_CHECK main\.ts/.test(p)), problems.join('\n'));
  });

  void test('a file the tool cannot parse fails the scan instead of being skipped quietly', async () => {
    const { problems } = judge(await scanFiles('broken', { 'main.ts': SAFE_MAIN, 'broken.ts': 'export const = ;' }), []);
    assert.ok(problems.some((p) => p.startsWith('NOT SCANNED broken.ts')), problems.join('\n'));
  });
});

void describe('judge', () => {
  const issue = (id: string, file: string, severity: string) => ({
    id,
    file,
    location: file === 'N/A' ? { line: 0, column: 0 } : { line: 3, column: 4 },
    severity: { name: severity },
    confidence: { name: 'FIRM' },
    description: 'd',
  });
  const result: ScanResult = {
    errors: [{ file: 'a.ts', message: 'odd token', tolerable: true }],
    issues: [issue('PRELOAD_JS_CHECK', 'main/window.ts', 'MEDIUM'), issue('PRELOAD_JS_CHECK', 'main/other.ts', 'MEDIUM'), issue('CSP_GLOBAL_CHECK', 'N/A', 'LOW')],
  };

  void test('an allowance covers one check in one file only; LOW findings are notes', () => {
    const { notes, problems } = judge(result, [{ check: 'PRELOAD_JS_CHECK', file: 'main/window.ts', why: 'reviewed' }]);
    assert.deepEqual(problems, ['MEDIUM/FIRM PRELOAD_JS_CHECK main/other.ts:3:5: d']);
    assert.equal(notes.length, 3);
    assert.ok(notes.some((n) => n.startsWith('allowed MEDIUM/FIRM PRELOAD_JS_CHECK main/window.ts:3:5')));
    assert.ok(notes.some((n) => n.startsWith('note LOW/FIRM CSP_GLOBAL_CHECK N/A: d')));
  });

  void test('an allowance that matches nothing is a problem (stale allow-lists hide regressions)', () => {
    const { problems } = judge({ errors: [], issues: [] }, [{ check: 'OPEN_EXTERNAL_JS_CHECK', file: 'main/window.ts', why: 'x' }]);
    assert.deepEqual(problems, ['allow-list entry OPEN_EXTERNAL_JS_CHECK in main/window.ts matched nothing: remove it']);
  });
});
