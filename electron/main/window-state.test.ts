import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_WINDOW_STATE, MIN_WIDTH, WINDOW_STATE_FILE, fitToDisplays, loadWindowState, saveWindowState } from './window-state';

const display = { x: 0, y: 0, width: 1920, height: 1040 };

void describe('window state', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'heirloom-window-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  void test('missing file: defaults, no complaint', () => {
    assert.deepEqual(loadWindowState(join(dir, 'nope', WINDOW_STATE_FILE), [display]), { state: DEFAULT_WINDOW_STATE, problem: undefined });
  });

  void test('saved state round-trips (into a folder that does not exist yet) and leaves no temp file', () => {
    const file = join(dir, 'profile', WINDOW_STATE_FILE);
    saveWindowState(file, { x: 100.4, y: 50, width: 1400, height: 900 }, true);
    assert.deepEqual(loadWindowState(file, [display]), { state: { x: 100, y: 50, width: 1400, height: 900, maximized: true }, problem: undefined });
    assert.deepEqual(readdirSync(join(dir, 'profile')), [WINDOW_STATE_FILE]);
  });

  void test('a tiny window is saved at the minimum size', () => {
    const file = join(dir, 'tiny.json');
    saveWindowState(file, { x: 0, y: 0, width: 10, height: 10 }, false);
    assert.equal((JSON.parse(readFileSync(file, 'utf8')) as { width: number }).width, MIN_WIDTH);
  });

  void test('corrupt or invalid files fall back to defaults and say why', () => {
    const cases: Array<[string, RegExp]> = [
      ['{ not json', /not JSON/],
      ['{"width":"wide","height":800,"maximized":false}', /invalid/],
      ['{"width":100,"height":800,"maximized":false}', /invalid/],
      ['null', /invalid/],
    ];
    for (const [content, problem] of cases) {
      const file = join(dir, 'bad.json');
      writeFileSync(file, content);
      const loaded = loadWindowState(file, [display]);
      assert.deepEqual(loaded.state, DEFAULT_WINDOW_STATE, content);
      assert.match(loaded.problem ?? '', problem, content);
    }
  });

  void test('a position on a display that is gone is dropped, the size kept', () => {
    const saved = { x: 2500, y: 100, width: 1200, height: 800, maximized: false };
    assert.deepEqual(fitToDisplays(saved, [display]), { width: 1200, height: 800, maximized: false });
    assert.deepEqual(fitToDisplays(saved, [display, { x: 1920, y: 0, width: 2560, height: 1400 }]), saved);
    // Only a sliver of the title bar on screen is not enough to grab it.
    assert.deepEqual(fitToDisplays({ ...saved, x: 1900 }, [display]), { width: 1200, height: 800, maximized: false });
    assert.deepEqual(fitToDisplays({ ...saved, x: -1100 }, [display]), { ...saved, x: -1100 });
  });
});
