// Zoom and pan of the compare view as pure math: the photo always covers its frame, zoom keeps
// the point under the pointer still, 1:1 means one photo pixel per device pixel, and the
// slider's clip follows the divider through zoom and pan.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PhotoResultDto, PhotoResultsDto, WorkflowDto } from '../../electron/shared/contract';
import { en } from '../../renderer/i18n/en';
import type { T } from '../../renderer/i18n/messages';
import { defaultVariant, shownVariant, stepVariant, variantTexts } from '../../renderer/views/compare/variants';
import { actualScale, clampView, clipPercent, FIT, maxScale, panBy, wheelFactor, zoomAt, ZOOM_STEP } from '../../renderer/views/compare/zoom';

const box = { width: 800, height: 600 };
const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-9, `${a} ≈ ${b}`);

describe('zoom', () => {
  it('keeps the photo point under the pointer where it is', () => {
    const view = zoomAt(FIT, 2, { x: 200, y: 150 }, box, 8);
    assert.deepEqual(view, { scale: 2, x: -200, y: -150 });
    // The photo point (100, 75) at scale 1 was under (200,150)/... : check by mapping back.
    close((200 - view.x) / view.scale, 200);
    close((150 - view.y) / view.scale, 150);
  });

  it('never goes below fit nor above the maximum, and never shows an empty edge', () => {
    assert.deepEqual(zoomAt(FIT, 0.5, { x: 10, y: 10 }, box, 8), FIT);
    assert.equal(zoomAt({ scale: 6, x: 0, y: 0 }, 4, { x: 0, y: 0 }, box, 8).scale, 8);
    assert.deepEqual(clampView({ scale: 2, x: 100, y: -2000 }, box, 8), { scale: 2, x: 0, y: -600 });
    assert.deepEqual(panBy({ scale: 2, x: -400, y: -300 }, 1000, -1000, box, 8), { scale: 2, x: 0, y: -600 });
    assert.deepEqual(panBy(FIT, 50, 50, box, 8), FIT, 'nothing to pan at fit');
  });

  it('1:1 is the natural width over the frame in device pixels, at least fit', () => {
    assert.equal(actualScale(4000, box, 1), 5);
    assert.equal(actualScale(4000, box, 2), 2.5);
    assert.equal(actualScale(640, box, 1), 1, 'a small photo is shown fitted');
    assert.equal(actualScale(0, box, 1), 1, 'not loaded yet');
    assert.equal(maxScale(5), 20);
    assert.equal(maxScale(1), 8);
  });

  it('turns wheel notches into zoom steps (lines count as 33 px)', () => {
    close(wheelFactor(-100, 0), ZOOM_STEP);
    close(wheelFactor(100, 0), 1 / ZOOM_STEP);
    close(wheelFactor(-3, 1), ZOOM_STEP ** 0.99);
  });

  it('moves the slider clip with the zoomed photo', () => {
    assert.equal(clipPercent(50, FIT, box), 50);
    // Zoomed 2x on the left half: the divider at the frame's middle cuts the photo at its quarter.
    assert.equal(clipPercent(50, { scale: 2, x: 0, y: 0 }, box), 25);
    assert.equal(clipPercent(50, { scale: 2, x: -800, y: 0 }, box), 75);
    assert.equal(clipPercent(0, { scale: 2, x: -800, y: 0 }, box), 50);
    assert.equal(clipPercent(10, { scale: 4, x: 0, y: 0 }, box), 2.5);
  });
});

describe('variants', () => {
  const result = (jobId: string, workflowId: string, params: Record<string, number | string>): PhotoResultDto => ({
    jobId,
    workflowId,
    params,
    outputPath: `/out/${jobId}.png`,
    createdAtMs: 0,
    finishedAtMs: 1,
    review: null,
  });
  const three: PhotoResultsDto = {
    photoId: 'p',
    favoriteJobId: null,
    results: [result('a', 'ddcolor-portrait', { size: 512, checkpoint: 'm.pth' }), result('b', 'ddcolor-portrait', { size: 1024, checkpoint: 'm.pth' }), result('c', 'ddcolor-architecture', { size: 1024, checkpoint: 'm.pth' })],
  };
  const t: T = (key) => (en as Record<string, string>)[key] ?? key;
  const workflows: WorkflowDto[] = [
    { id: 'ddcolor-portrait', title: 'Portrait', kind: 'colorize', requiredNodes: [], params: [{ type: 'int', name: 'size', label: 'Size', min: 256, max: 2048, multipleOf: 32, default: 512 }] },
  ];

  it('shows the accepted result first, else the newest; a pick wins while it is listed', () => {
    assert.equal(defaultVariant(undefined), null);
    assert.equal(defaultVariant({ ...three, results: [] }), null);
    assert.equal(defaultVariant(three), 'c');
    assert.equal(defaultVariant({ ...three, favoriteJobId: 'a' }), 'a');
    assert.equal(defaultVariant({ ...three, favoriteJobId: 'gone' }), 'c', 'a favourite no longer listed is ignored');
    assert.equal(shownVariant(three, 'b'), 'b');
    assert.equal(shownVariant(three, 'gone'), 'c');
  });

  it('moves along the strip and stops at both ends', () => {
    assert.equal(stepVariant(three, 'b', -1), 'a');
    assert.equal(stepVariant(three, 'a', -1), 'a');
    assert.equal(stepVariant(three, 'c', 1), 'c');
    assert.equal(stepVariant(three, 'b', 1), 'c');
    assert.equal(stepVariant(undefined, null, 1), null);
  });

  it('names each variant by what sets it apart, with its workflow as the detail', () => {
    assert.deepEqual(variantTexts(three.results, workflows, t), [
      { main: 'Model input size 512', detail: 'Portraits (DDColor)' },
      { main: 'Model input size 1024', detail: 'Portraits (DDColor)' },
      { main: 'Model input size 1024', detail: 'Buildings and landscapes (DDColor)' },
    ]);
    const sameParams = [result('x', 'ddcolor-portrait', { size: 512 }), result('y', 'my-own', { size: 512 })];
    assert.deepEqual(variantTexts(sameParams, workflows, t), [
      { main: 'Portraits (DDColor, 512)', detail: null },
      { main: 'my-own', detail: null },
    ]);
  });
});
