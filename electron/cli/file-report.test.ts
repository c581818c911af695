import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileReportLines } from './file-report';

test('every file that did not go through is listed with its reason, by section, sorted by path', () => {
  const lines = fileReportLines({
    rejected: [
      { name: '1962/truncated.jpg', code: 'corrupt', reason: 'The JPEG file is damaged or truncated.' },
      { name: '1950/empty.png', code: 'empty', reason: 'The file is empty (0 bytes).' },
    ],
    skipped: [{ name: 'Thumbs.db', code: 'junk', reason: 'System file, not a photo.' }],
    failed: [{ relPath: '外婆/新娘.jpg', reason: 'ComfyUI reported: out of memory' }],
  });
  assert.deepEqual(lines, [
    'Not imported (2):',
    '  1950/empty.png — The file is empty (0 bytes).',
    '  1962/truncated.jpg — The JPEG file is damaged or truncated.',
    'Left out on purpose (1):',
    '  Thumbs.db — System file, not a photo.',
    'Not restored (1):',
    '  外婆/新娘.jpg — ComfyUI reported: out of memory',
  ]);
});

test('nothing to report: no lines at all', () => {
  assert.deepEqual(fileReportLines({ rejected: [], skipped: [], failed: [] }), []);
});
