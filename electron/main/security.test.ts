import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { APP_ENTRY_URL, CONTENT_SECURITY_POLICY, externalUrl, isAppUrl, isPermissionAllowed } from './security';

void test('isAppUrl accepts only heirloom://app pages', () => {
  const cases: Array<[string, boolean]> = [
    [APP_ENTRY_URL, true],
    ['heirloom://app/', true],
    ['heirloom://app', true],
    ['heirloom://app/index.html#settings', true],
    ['heirloom://media/p1/thumb', false],
    ['heirloom://app.evil.com/index.html', false],
    ['heirloom://evil/app/index.html', false],
    ['https://app/index.html', false],
    ['file:///app/index.html', false],
    ['javascript:alert(1)', false],
    ['not a url', false],
    ['', false],
  ];
  for (const [url, expected] of cases) assert.equal(isAppUrl(url), expected, url);
});

void test('externalUrl lets only plain https out', () => {
  const cases: Array<[string, string | undefined]> = [
    ['https://github.com/kijai/ComfyUI-DDColor', 'https://github.com/kijai/ComfyUI-DDColor'],
    ['HTTPS://Example.com/a b', 'https://example.com/a%20b'],
    ['http://example.com/', undefined],
    ['https://user:pw@example.com/', undefined],
    ['file:///etc/passwd', undefined],
    ['smb://nas/share', undefined],
    ['heirloom://app/index.html', undefined],
    ['javascript:alert(1)', undefined],
    ['nonsense', undefined],
  ];
  for (const [url, expected] of cases) assert.equal(externalUrl(url), expected, url);
});

void test('only notifications, and only for our own pages', () => {
  assert.equal(isPermissionAllowed('notifications', 'heirloom://app/index.html'), true);
  assert.equal(isPermissionAllowed('notifications', 'heirloom://app'), true);
  assert.equal(isPermissionAllowed('notifications', 'https://example.com/'), false);
  for (const permission of ['media', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen', 'unknown']) {
    assert.equal(isPermissionAllowed(permission, 'heirloom://app/index.html'), false, permission);
  }
});

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name = '', ...values]) => [name, values.sort()]),
  );
}

void test("the header CSP is renderer/index.html's meta CSP, with connect-src no wider", () => {
  const html = readFileSync(join(import.meta.dirname, '..', '..', 'renderer', 'index.html'), 'utf8');
  const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html)?.[1];
  assert.ok(meta, 'renderer/index.html has a Content-Security-Policy meta tag');
  const page = directives(meta);
  const header = directives(CONTENT_SECURITY_POLICY);
  assert.deepEqual([...header.keys()].sort(), [...page.keys()].sort());
  for (const [name, values] of header) {
    if (name === 'connect-src') for (const v of values) assert.ok(page.get(name)?.includes(v), `connect-src ${v} is allowed by the page too`);
    else assert.deepEqual(values, page.get(name), name);
  }
});
