// The colorize benchmark's own parts: options, backend slots, and the wire meter on real sockets.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { test } from 'node:test';
import { defaultRebuildWorkers } from '../../electron/core/colorize/rebuild-pool';
import { parseColorizeOptions } from './options';
import { createSlots } from './slots';
import { startWireMeter } from './wire-meter';

void test('options: issue 8 defaults, and clear errors', () => {
  assert.deepEqual(parseColorizeOptions([]), { photos: 50, scans: 4, depth: 2, serviceMs: 40, workflow: 'ddcolor-portrait', rounds: 4, rebuildWorkers: defaultRebuildWorkers() });
  assert.deepEqual(parseColorizeOptions(['--photos', '3', '--scans', '0', '--depth', '1', '--service-ms', '0', '--workflow', 'x', '--rounds', '2', '--rebuild-workers', '2']), {
    photos: 3,
    scans: 0,
    depth: 1,
    serviceMs: 0,
    workflow: 'x',
    rounds: 2,
    rebuildWorkers: 2,
  });
  assert.equal(parseColorizeOptions(['--photos', '2', '--scans', '0']).rounds, 2, 'no more rounds than photos');
  assert.throws(() => parseColorizeOptions(['--photos', '0', '--scans', '0']), /nothing to run/);
  assert.throws(() => parseColorizeOptions(['--depth', '0']), /--depth must be a whole number from 1 to 16, got "0"/);
  assert.throws(() => parseColorizeOptions(['--fast']), /Unknown option '--fast'.*--photos N/);
});

void test('slots: at most `size` held; a release frees one slot, once', async () => {
  const slots = createSlots(2);
  const a = await slots.acquire();
  const b = await slots.acquire();
  let third = false;
  const c = slots.acquire().then((release) => {
    third = true;
    return release;
  });
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(third, false);
  a();
  a(); // a second call must not free a second slot
  const releaseC = await c;
  assert.equal(third, true);
  let fourth = false;
  void slots.acquire().then(() => {
    fourth = true;
  });
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(fourth, false, 'the double release did not free a slot');
  b();
  releaseC();
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(fourth, true);
});

void test('wire meter: relays HTTP and counts both directions, headers included', async (t) => {
  const body = Buffer.alloc(100_000, 7);
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const address = server.address();
  assert.ok(address && typeof address === 'object');
  const meter = await startWireMeter(new URL(`http://127.0.0.1:${address.port}`));
  t.after(() => meter.close());
  const response = await fetch(`${meter.url}/x`, { method: 'POST', body: Buffer.alloc(20_000, 1) });
  assert.equal((await response.arrayBuffer()).byteLength, body.length);
  const totals = meter.take();
  assert.ok(totals.sent > 20_000 && totals.sent < 21_000, `sent ${totals.sent}`);
  assert.ok(totals.received > 100_000 && totals.received < 101_000, `received ${totals.received}`);
  assert.deepEqual(meter.take(), { sent: 0, received: 0 }, 'take() zeroes the totals');
});
