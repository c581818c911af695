import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BackendDto, JobDto, PhotoDto } from '../shared/contract';
import { createActivityOutput, createActivityTracker } from './activity';
import type { ProgressMode } from './activity';

function photo(id: string, state: JobDto['state'] | null, progress = 0): PhotoDto {
  return {
    id,
    albumId: null,
    name: `${id}.jpg`,
    relPath: `${id}.jpg`,
    width: 640,
    height: 480,
    format: 'jpeg',
    importedAtMs: 1,
    isColor: false,
    metadata: { takenAt: null, camera: null, gps: null, iccProfile: null, orientation: 1, bitDepth: 8 },
    job:
      state === null
        ? null
        : { id: `job-${id}`, state, stage: state === 'running' ? 'colorizing' : null, progress, workflowId: 'w', backendUrl: null, attempts: 0, error: null, hasResult: state === 'succeeded', updatedAtMs: 1 },
    reviewed: null,
  };
}

const online = { url: 'http://gpu:8188', state: 'online' } as BackendDto;

describe('activity tracker', () => {
  it('is idle with nothing to do, and with only finished or colour photos', () => {
    const tracker = createActivityTracker();
    tracker.load([photo('a', 'succeeded'), photo('b', null)]);
    assert.deepEqual(tracker.activity(), { progress: null, mode: 'normal', keepAwake: false });
  });

  it('counts the current run: finished photos and the running one’s own progress', () => {
    const tracker = createActivityTracker();
    tracker.load([photo('old', 'succeeded'), photo('a', 'queued'), photo('b', 'queued'), photo('c', 'queued'), photo('d', 'queued')]);
    tracker.apply({ name: 'backend.updated', payload: online });
    assert.equal(tracker.activity().progress, 0);
    tracker.apply({ name: 'photo.updated', payload: photo('a', 'succeeded') });
    tracker.apply({ name: 'photo.updated', payload: photo('b', 'running', 0.5) });
    assert.deepEqual(tracker.activity(), { progress: 1.5 / 4, mode: 'normal', keepAwake: true });
  });

  it('starts a new run once everything has finished', () => {
    const tracker = createActivityTracker();
    tracker.load([photo('a', 'running', 0.9)]);
    tracker.apply({ name: 'photo.updated', payload: photo('a', 'succeeded') });
    assert.equal(tracker.activity().progress, null);
    tracker.apply({ name: 'photo.updated', payload: photo('b', 'queued') });
    assert.equal(tracker.activity().progress, 0, 'the photo done before does not count in the new run');
  });

  it('shows a failure in the run as error, a paused queue as paused', () => {
    const tracker = createActivityTracker();
    tracker.load([photo('a', 'running'), photo('b', 'queued')]);
    tracker.apply({ name: 'photo.updated', payload: photo('a', 'failed') });
    assert.equal(tracker.activity().mode, 'error');
    tracker.apply({ name: 'queue.updated', payload: { paused: true, pausedAlbumIds: [] } });
    tracker.apply({ name: 'photo.updated', payload: photo('b', 'paused') });
    assert.deepEqual(tracker.activity(), { progress: 0.5, mode: 'paused', keepAwake: false });
  });

  it('keeps the computer awake only while photos run, or wait for a backend that is up', () => {
    const tracker = createActivityTracker();
    tracker.load([photo('a', 'queued')]);
    assert.equal(tracker.activity().keepAwake, false, 'no backend up: nothing would happen while awake');
    tracker.apply({ name: 'backend.updated', payload: online });
    assert.equal(tracker.activity().keepAwake, true);
    tracker.apply({ name: 'backend.updated', payload: { ...online, state: 'offline' } });
    tracker.apply({ name: 'photo.updated', payload: photo('a', 'running', 0.1) });
    assert.equal(tracker.activity().keepAwake, true, 'a running photo finishes even when the probe says offline');
  });
});

describe('activity output', () => {
  it('applies only visible changes, and switches the blocker on and off once', () => {
    const bars: Array<[number, ProgressMode]> = [];
    const awake: boolean[] = [];
    const output = createActivityOutput({ setProgressBar: (p, m) => bars.push([p, m]), keepAwake: (on) => awake.push(on) });
    output({ progress: 0.101, mode: 'normal', keepAwake: true });
    output({ progress: 0.104, mode: 'normal', keepAwake: true });
    output({ progress: 0.2, mode: 'normal', keepAwake: true });
    output({ progress: 0.2, mode: 'paused', keepAwake: false });
    output({ progress: null, mode: 'normal', keepAwake: false });
    assert.deepEqual(bars, [
      [0.1, 'normal'],
      [0.2, 'normal'],
      [0.2, 'paused'],
      [-1, 'normal'],
    ]);
    assert.deepEqual(awake, [true, false]);
  });
});
