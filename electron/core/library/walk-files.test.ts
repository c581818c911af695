import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { tempDir } from '../testing/test-db';
import { walkAlbum, type WalkEntry } from './walk-files';

const dirs: Array<() => void> = [];
after(() => dirs.forEach((remove) => remove()));

async function collect(root: string, options: Parameters<typeof walkAlbum>[1]): Promise<WalkEntry[]> {
  const entries: WalkEntry[] = [];
  for await (const entry of walkAlbum(root, options)) entries.push(entry);
  return entries;
}
const summary = (entries: WalkEntry[]) => entries.map((e) => `${e.relPath} ${e.kind === 'file' ? 'file' : e.code}`);

function album() {
  const dir = tempDir('walk');
  dirs.push(dir.remove);
  const root = join(dir.path, 'album');
  mkdirSync(join(root, '1950s', 'x.jpg'), { recursive: true });
  mkdirSync(join(root, '.git'));
  writeFileSync(join(root, 'a.jpg'), 'a');
  writeFileSync(join(root, '1950s', 'b.jpg'), 'b');
  writeFileSync(join(root, '1950s', 'x.jpg', 'inside.jpg'), 'c');
  writeFileSync(join(root, 'Thumbs.db'), 'junk');
  writeFileSync(join(root, '._a.jpg'), 'junk');
  writeFileSync(join(root, '.hidden.jpg'), 'h');
  writeFileSync(join(dir.path, 'outside.jpg'), 'o');
  symlinkSync(join(dir.path, 'outside.jpg'), join(root, 'link-out.jpg'));
  symlinkSync(join(root, 'missing.jpg'), join(root, 'broken.jpg'));
  symlinkSync(root, join(root, '1950s', 'loop'));
  symlinkSync(join(root, 'a.jpg'), join(root, 'link-in.jpg'));
  execFileSync('mkfifo', [join(root, 'pipe.jpg')]);
  return { root, base: dir.path };
}

test('every entry is a file or a skip with its reason; links stay inside; loops end; a folder named x.jpg is a folder', async () => {
  const { root } = album();
  const entries = await collect(root, { recursive: true });
  assert.deepEqual(summary(entries), [
    '._a.jpg junk',
    '.git hidden',
    '.hidden.jpg hidden',
    'Thumbs.db junk',
    'a.jpg file',
    'broken.jpg link-broken',
    'link-in.jpg file',
    'link-out.jpg link-outside',
    'pipe.jpg not-a-file',
    '1950s/b.jpg file',
    '1950s/loop link-loop',
    '1950s/x.jpg/inside.jpg file',
  ]);
  for (const entry of entries) if (entry.kind === 'skipped') assert.ok(entry.reason.length > 10, entry.relPath);
});

test('not recursive: sub-folders are listed, not walked; excluded folders are skipped', async () => {
  const { root } = album();
  assert.deepEqual(
    summary(await collect(root, { recursive: false })).filter((line) => line.startsWith('1950s')),
    ['1950s not-recursed'],
  );
  const excluded = summary(await collect(root, { recursive: true, exclude: [join(root, '1950s')] }));
  assert.ok(excluded.includes('1950s excluded'));
  assert.ok(!excluded.some((line) => line.startsWith('1950s/')));
});

test('a canceled walk stops', async () => {
  const { root } = album();
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(collect(root, { recursive: true, signal: controller.signal }), { name: 'AbortError' });
});
