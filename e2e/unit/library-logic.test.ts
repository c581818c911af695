// The library's pure logic: the derived index (filters, album progress, time left), measured
// throughput, selection, grid keyboard moves, finished-album detection and progress wording.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { durationText, groupStatusText } from '../../renderer/components/progress-text';
import { createI18n, translator } from '../../renderer/i18n/create-i18n';
import { etaMs, throughput } from '../../renderer/store/eta';
import { finishedGroups } from '../../renderer/store/finished';
import { buildIndex, emptyIndex } from '../../renderer/store/library-index';
import type { IndexInput } from '../../renderer/store/library-index';
import { comparePhotos, upsertPhotos } from '../../renderer/store/photos';
import { emptySelection, pruneSelection, select, selectAll } from '../../renderer/store/selection';
import { columnsFor, gridMove } from '../../renderer/views/library/grid-nav';
import { job, photo } from './fixtures';

const t = translator(createI18n('en'));
const MINUTE = 60_000;

function input(photos: ReturnType<typeof photo>[], overrides: Partial<IndexInput> = {}): IndexInput {
  return { ...upsertPhotos({ photos: {}, order: [] }, photos), filter: 'all', scope: { kind: 'all' }, queue: { paused: false, pausedAlbumIds: [] }, ...overrides };
}

const succeeded = (id: string, at: number, albumId: string | null = 'al') => photo(id, { albumId, job: job({ state: 'succeeded', hasResult: true, updatedAtMs: at }) });
const queued = (id: string, albumId: string | null = 'al') => photo(id, { albumId, job: job({ state: 'queued' }) });

describe('throughput and time left', () => {
  it('measures photos per ms between the recent finishes', () => {
    assert.equal(throughput([]), null);
    assert.equal(throughput([1_000]), null);
    assert.equal(throughput([0, 10_000, 20_000]), 2 / 20_000);
    assert.equal(throughput([5, 5, 5]), null, 'finishes at one instant measure nothing');
  });

  it('ignores finishes of an earlier run (more than 15 minutes before the newest)', () => {
    const yesterday = [0, 1_000];
    const today = [100 * MINUTE, 100 * MINUTE + 10_000, 100 * MINUTE + 20_000];
    assert.equal(throughput([...yesterday, ...today]), 2 / 20_000);
  });

  it('turns remaining photos and a rate into milliseconds', () => {
    assert.equal(etaMs(0, null), 0);
    assert.equal(etaMs(3, null), null);
    assert.equal(etaMs(3, 1 / 10_000), 30_000);
  });
});

describe('library index', () => {
  it('gives each album its progress, counting the running photo’s own progress', () => {
    const photos = [
      succeeded('a', 0),
      succeeded('b', 10_000),
      photo('c', { albumId: 'al', job: job({ state: 'running', stage: 'colorizing', progress: 0.5 }) }),
      queued('d'),
      photo('e', { albumId: null, job: job({ state: 'failed' }) }),
    ];
    const index = buildIndex(input(photos));
    const album = index.byAlbum['al'];
    assert.deepEqual({ ...album, etaMs: undefined }, { total: 4, done: 2, failed: 0, waiting: 1, paused: 0, running: 1, fraction: 2.5 / 4, etaMs: undefined });
    // 1.5 photos left at one photo per 10 s.
    assert.equal(album?.etaMs, 15_000);
    assert.equal(index.loose.failed, 1);
    assert.equal(index.all.total, 5);
  });

  it('promises no time for a paused album', () => {
    const index = buildIndex(input([succeeded('a', 0), succeeded('b', 10_000), queued('c')], { queue: { paused: false, pausedAlbumIds: ['al'] } }));
    assert.equal(index.byAlbum['al']?.etaMs, null);
  });

  it('keeps unchanged parts identical, so that only what moved re-renders', () => {
    const first = buildIndex(input([succeeded('a', 0), queued('b'), queued('c', 'other')]));
    const table = input([succeeded('a', 0), photo('b', { albumId: 'al', job: job({ state: 'running', progress: 0.2 }) }), queued('c', 'other')]);
    const second = buildIndex(table, first);
    assert.equal(second.visible, first.visible, 'same photos shown');
    assert.notEqual(second.byAlbum['al'], first.byAlbum['al']);
    assert.equal(second.byAlbum['other'], first.byAlbum['other'], 'an album that did not move keeps its object');
  });
});

describe('finished groups', () => {
  it('announces an album (or the loose photos) whose last photo just finished, once', () => {
    const busy = buildIndex(input([succeeded('a', 0), queued('b'), queued('x', null)]));
    const albumDone = buildIndex(input([succeeded('a', 0), succeeded('b', 5), queued('x', null)]), busy);
    assert.deepEqual(finishedGroups(busy, albumDone), { albumIds: ['al'], loose: false });
    const allDone = buildIndex(input([succeeded('a', 0), succeeded('b', 5), succeeded('x', 6, null)]), albumDone);
    assert.deepEqual(finishedGroups(albumDone, allDone), { albumIds: [], loose: true });
    assert.deepEqual(finishedGroups(emptyIndex, allDone), { albumIds: [], loose: false }, 'the first load announces nothing');
  });

  it('does not announce an album that was paused', () => {
    const before = buildIndex(input([queued('b')]));
    const paused = buildIndex(input([photo('b', { albumId: 'al', job: job({ state: 'paused' }) })]), before);
    assert.deepEqual(finishedGroups(before, paused), { albumIds: [], loose: false });
  });
});

describe('progress wording', () => {
  it('says what is left, the time left, paused or done', () => {
    const base = { total: 10, done: 4, failed: 0, waiting: 5, paused: 0, running: 1, fraction: 0.45 };
    assert.equal(groupStatusText({ ...base, etaMs: null }, false, t), '6 to go');
    assert.equal(groupStatusText({ ...base, etaMs: 150_000 }, false, t), '6 to go · about 3 minutes left');
    assert.equal(groupStatusText({ ...base, etaMs: 150_000 }, true, t), 'Paused · 6 waiting');
    assert.equal(groupStatusText({ ...base, done: 9, failed: 1, waiting: 0, running: 0, fraction: 1, etaMs: 0 }, false, t), '9 colorized · 1 failed');
    assert.equal(durationText(20_000, t), 'less than a minute left');
    assert.equal(durationText(61_000, t), 'about 1 minute left');
    assert.equal(durationText(125 * MINUTE, t), 'about 2 h 5 min left');
  });
});

describe('selection', () => {
  const visible = ['a', 'b', 'c', 'd', 'e'];

  it('toggles, extends from the anchor and keeps Ctrl-picked photos', () => {
    let selection = select(emptySelection, 'a', 'toggle', visible);
    selection = select(selection, 'c', 'toggle', visible);
    selection = select(selection, 'e', 'range', visible);
    assert.deepEqual([...selection.ids].sort(), ['a', 'c', 'd', 'e']);
    selection = select(selection, 'c', 'toggle', visible);
    assert.deepEqual([...selection.ids].sort(), ['a', 'd', 'e']);
    assert.deepEqual([...select(selection, 'b', 'only', visible).ids], ['b']);
  });

  it('selects all shown, and forgets what is no longer shown', () => {
    const all = selectAll(visible);
    assert.equal(all.ids.size, 5);
    const pruned = pruneSelection(all, ['b', 'c']);
    assert.deepEqual([...pruned.ids], ['b', 'c']);
    assert.equal(pruned.anchor, null, 'the anchor was hidden');
    assert.equal(pruneSelection(pruned, ['b', 'c', 'z']), pruned, 'nothing hidden: the same object');
  });
});

describe('grid keyboard moves', () => {
  // 10 photos in rows of 4: the last row holds 8 and 9.
  const shape = { columns: 4, count: 10, pageRows: 2 };
  const cases: Array<[string, number, Parameters<typeof gridMove>[1], boolean, number]> = [
    ['right', 2, 'ArrowRight', false, 3],
    ['right wraps into the next row', 3, 'ArrowRight', false, 4],
    ['left stops at the first', 0, 'ArrowLeft', false, 0],
    ['down', 1, 'ArrowDown', false, 5],
    ['down into a short last row lands on its last photo', 6, 'ArrowDown', false, 9],
    ['down from the last row stays', 9, 'ArrowDown', false, 9],
    ['up', 5, 'ArrowUp', false, 1],
    ['up from the first row stays', 2, 'ArrowUp', false, 2],
    ['Home: start of the row', 6, 'Home', false, 4],
    ['End: end of the row', 4, 'End', false, 7],
    ['End in the short row', 8, 'End', false, 9],
    ['Ctrl+Home: the first photo', 6, 'Home', true, 0],
    ['Ctrl+End: the last photo', 1, 'End', true, 9],
    ['PageDown: two rows', 1, 'PageDown', false, 9],
    ['PageDown past the end: same column, last row', 2, 'PageDown', false, 2 + 4],
    ['PageUp: two rows, same column at the top', 9, 'PageUp', false, 1],
  ];
  for (const [name, from, key, toEnds, expected] of cases) {
    it(name, () => assert.equal(gridMove(from, key, toEnds, shape), expected));
  }

  it('fits as many columns as the width takes', () => {
    assert.equal(columnsFor(0, 200, 16), 1);
    assert.equal(columnsFor(416, 200, 16), 2);
    assert.equal(columnsFor(415, 200, 16), 1);
    assert.equal(columnsFor(1000, 200, 16), 4);
  });
});

describe('photo table order', () => {
  // Import times with ties and paths that only a numeric collation orders right.
  const all = Array.from({ length: 300 }, (_, i) => photo(`p${i}`, { importedAtMs: (i * 7919) % 13, relPath: `album/photo ${(i * 104729) % 97}.jpg` }));
  const sortedIds = [...all].sort(comparePhotos).map((p) => p.id);

  it('merges new photos in, whatever order and chunks they come in, as one full sort would', () => {
    // A fixed shuffle: position i takes photo (i·37) mod 300 (37 and 300 are coprime).
    const shuffled = all.map((_, i) => all[(i * 37) % all.length] ?? assert.fail('a photo'));
    for (const chunk of [1, 7, 50, 300]) {
      let table = upsertPhotos({ photos: {}, order: [] }, []);
      for (let i = 0; i < shuffled.length; i += chunk) table = upsertPhotos(table, shuffled.slice(i, i + chunk));
      assert.deepEqual(table.order, sortedIds, `chunks of ${chunk}`);
    }
  });

  it('appends pages that arrive in grid order, and keeps the order array when nothing is added', () => {
    const inOrder = [...all].sort(comparePhotos);
    let table = upsertPhotos({ photos: {}, order: [] }, inOrder.slice(0, 100));
    table = upsertPhotos(table, inOrder.slice(100));
    assert.deepEqual(table.order, sortedIds);
    const fifth = inOrder[5] ?? assert.fail('a photo');
    const updated = upsertPhotos(table, [{ ...fifth, job: job({ id: 'new', state: 'running', updatedAtMs: 9_999 }) }]);
    assert.equal(updated.order, table.order, 'an update keeps the same array');
    assert.equal(upsertPhotos(updated, [fifth]), updated, 'an older copy changes nothing');
  });
});
