import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MenuItemConstructorOptions } from 'electron';
import { buildMenuTemplate } from './menu';

function flatten(items: readonly MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

function build(platform: NodeJS.Platform, isDev: boolean) {
  const called: string[] = [];
  const template = buildMenuTemplate({
    platform,
    isDev,
    appName: 'Heirloom',
    actions: {
      addPhotos: () => called.push('addPhotos'),
      addFolder: () => called.push('addFolder'),
      openSettings: () => called.push('openSettings'),
      openOutputFolder: () => called.push('openOutputFolder'),
      pauseAll: () => called.push('pauseAll'),
      resumeAll: () => called.push('resumeAll'),
      retryFailed: () => called.push('retryFailed'),
    },
  });
  return { items: flatten(template), called };
}

for (const platform of ['darwin', 'win32', 'linux'] as const) {
  void test(`${platform}: shortcuts for Add Photos, Add Folder, Settings, the output folder, the queue and Quit`, () => {
    const { items, called } = build(platform, false);
    const byAccelerator = (accelerator: string) => items.find((i) => i.accelerator === accelerator);
    for (const [accelerator, action] of [
      ['CmdOrCtrl+O', 'addPhotos'],
      ['CmdOrCtrl+Shift+O', 'addFolder'],
      ['CmdOrCtrl+,', 'openSettings'],
      ['CmdOrCtrl+Shift+E', 'openOutputFolder'],
      ['CmdOrCtrl+Shift+P', 'pauseAll'],
      ['CmdOrCtrl+Shift+U', 'resumeAll'],
      ['CmdOrCtrl+Shift+T', 'retryFailed'],
    ] as const) {
      const item = byAccelerator(accelerator);
      assert.ok(item?.click, `${accelerator} has a click handler`);
      called.length = 0;
      (item.click as () => void)();
      assert.deepEqual(called, [action]);
    }
    assert.ok(items.some((i) => i.role === 'quit'), 'Quit');
    assert.ok(items.some((i) => i.role === 'editMenu'), 'Edit menu (copy/paste in text fields)');
    const accelerators = items.flatMap((i) => (i.accelerator === undefined ? [] : [String(i.accelerator)]));
    assert.equal(new Set(accelerators).size, accelerators.length, `no shortcut is used twice: ${accelerators.join(', ')}`);
  });
}

void test('Reload and DevTools exist only in development', () => {
  const roles = (isDev: boolean) => build('linux', isDev).items.map((i) => i.role);
  assert.ok(roles(true).includes('reload'));
  assert.ok(roles(true).includes('toggleDevTools'));
  assert.ok(!roles(false).includes('reload'));
  assert.ok(!roles(false).includes('forceReload'));
  assert.ok(!roles(false).includes('toggleDevTools'));
});

void test('macOS puts Settings in the app menu', () => {
  const none = () => undefined;
  const actions = { addPhotos: none, addFolder: none, openSettings: none, openOutputFolder: none, pauseAll: none, resumeAll: none, retryFailed: none };
  const template = buildMenuTemplate({ platform: 'darwin', isDev: false, appName: 'Heirloom', actions });
  const appMenu = template[0];
  assert.equal(appMenu?.label, 'Heirloom');
  assert.ok(Array.isArray(appMenu.submenu) && appMenu.submenu.some((i) => i.accelerator === 'CmdOrCtrl+,'));
});
