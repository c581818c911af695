// The browser client against a real HTTP + WebSocket server on 127.0.0.1 (see wire-double.ts).
// Reconnect timers are injected: the test fires them, nothing sleeps.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { WebSocket } from 'ws';
import { HeirloomError } from '../../electron/shared/client';
import { createBrowserClient, eventsUrl } from '../../renderer/client/browser';
import type { BrowserClientDeps, SocketLike } from '../../renderer/client/browser';
import type { ConnectionEvent, UiClient } from '../../renderer/client/types';
import { backend, importResult, photo } from './fixtures';
import { startWireDouble } from './wire-double';
import type { WireDouble } from './wire-double';

const ok = (result: unknown) => ({ status: 200, body: JSON.stringify({ ok: true, result }) });

interface Timers {
  pending: { run: () => void; ms: number }[];
}

function deps(timers: Timers): BrowserClientDeps {
  return {
    fetch: (input, init) => fetch(input, init),
    openSocket: (url) => new WebSocket(url) as unknown as SocketLike,
    setTimer: (run, ms) => {
      const timer = { run, ms };
      timers.pending.push(timer);
      return timer;
    },
    clearTimer: (timer) => {
      timers.pending = timers.pending.filter((t) => t !== timer);
    },
    random: () => 0,
  };
}

/** Resolves with the next connection event that satisfies `match`. */
function nextConnection(client: UiClient, match: (e: ConnectionEvent) => boolean): Promise<ConnectionEvent> {
  return new Promise((resolve) => {
    let stop = (): void => undefined;
    let done = false;
    stop = client.onConnection((event) => {
      if (done || !match(event)) return;
      done = true;
      queueMicrotask(() => stop());
      resolve(event);
    });
  });
}

describe('browser client', () => {
  let host: WireDouble;
  let client: UiClient;
  let timers: Timers;

  beforeEach(async () => {
    host = await startWireDouble();
    timers = { pending: [] };
    const url = new URL(host.origin);
    client = createBrowserClient({ protocol: url.protocol, host: url.host, origin: url.origin }, deps(timers));
  });
  afterEach(async () => {
    client.close();
    await host.close();
  });

  it('derives the events URL from the page protocol', () => {
    assert.equal(eventsUrl({ protocol: 'http:', host: '127.0.0.1:7000', origin: 'http://127.0.0.1:7000' }), 'ws://127.0.0.1:7000/api/events');
    assert.equal(eventsUrl({ protocol: 'https:', host: 'nas.local', origin: 'https://nas.local' }), 'wss://nas.local/api/events');
  });

  it('posts a command as JSON and returns the validated result', async () => {
    host.commands.set('backends.list', ok([backend()]));
    const backends = await client.call('backends.list', {});
    assert.deepEqual(backends, [backend()]);
    assert.deepEqual(host.commandArgs.get('backends.list'), [{}]);
  });

  it('throws the host error of an ok:false envelope as a HeirloomError', async () => {
    host.commands.set('settings.update', { status: 400, body: JSON.stringify({ ok: false, error: { code: 'invalid-arguments', message: 'namingPattern: must contain {name}' } }) });
    await assert.rejects(client.call('settings.update', { namingPattern: 'copy' }), (error: unknown) => {
      assert.ok(error instanceof HeirloomError);
      assert.equal(error.code, 'invalid-arguments');
      assert.equal(error.message, 'namingPattern: must contain {name}');
      return true;
    });
  });

  it('reports a non-JSON reply (e.g. a missing token) with its status', async () => {
    host.commands.set('photos.list', { status: 401, body: 'A valid token is required.' });
    await assert.rejects(client.call('photos.list', {}), { name: 'HeirloomError', code: 'http_401', message: 'Heirloom answered 401: A valid token is required.' });
  });

  it('refuses a result that does not match the contract', async () => {
    host.commands.set('photos.list', ok([{ id: 'p1' }]));
    await assert.rejects(client.call('photos.list', {}), { code: 'bad_response' });
  });

  it('delivers valid events and drops malformed frames without stopping', async () => {
    const server = await host.socketOpened(1);
    const seen: string[] = [];
    const delivered = new Promise<void>((resolve) =>
      client.on('photo.updated', (p) => {
        seen.push(p.id);
        if (p.id === 'p2') resolve();
      }),
    );
    server.send('not json');
    server.send(JSON.stringify({ name: 'photo.updated', payload: { id: 'broken' } }));
    server.send(JSON.stringify({ name: 'no.such.event', payload: {} }));
    server.send(JSON.stringify({ name: 'photo.updated', payload: photo('p1') }));
    server.send(JSON.stringify({ name: 'photo.updated', payload: photo('p2') }));
    await delivered;
    assert.deepEqual(seen, ['p1', 'p2']);
  });

  it('reconnects with backoff after the socket drops and reports connected again (the resync cue)', async () => {
    await nextConnection(client, (e) => e.kind === 'connected');
    const dropped = nextConnection(client, (e) => e.kind === 'disconnected');
    (await host.socketOpened(1)).terminate();
    assert.deepEqual(await dropped, { kind: 'disconnected', retryInMs: 125 });
    assert.equal(timers.pending.length, 1);

    const again = nextConnection(client, (e) => e.kind === 'connected');
    timers.pending.shift()?.run();
    await host.socketOpened(2);
    await again;

    const server = await host.socketOpened(2);
    const received = new Promise<string>((resolve) => client.on('backend.updated', (b) => resolve(b.state)));
    server.send(JSON.stringify({ name: 'backend.updated', payload: backend({ state: 'offline' }) }));
    assert.equal(await received, 'offline');
  });

  it('grows the retry delay while the host stays away', async () => {
    await nextConnection(client, (e) => e.kind === 'connected');
    const delays: number[] = [];
    let recorded: () => void = () => undefined;
    client.onConnection((e) => {
      if (e.kind !== 'disconnected') return;
      delays.push(e.retryInMs);
      recorded();
    });
    const nextDelay = () => new Promise<void>((resolve) => (recorded = resolve));

    let waiting = nextDelay();
    await host.close();
    for (let attempt = 0; attempt < 4; attempt++) {
      await waiting;
      waiting = nextDelay();
      timers.pending.shift()?.run();
    }
    await waiting;
    assert.deepEqual(delays, [125, 250, 500, 1000, 2000]);
  });

  it('uploads each file with its URI-encoded name and merges the results', async () => {
    const names = ['奶奶的照片.jpg', 'a b.png', 'c.jpg', 'd.jpg', 'bad.jpg'];
    host.answerUpload = async (upload) => {
      if (upload.name === 'bad.jpg') return { status: 422, body: JSON.stringify({ ok: false, error: { code: 'import-failed', message: 'disk full' } }) };
      if (upload.name === 'a b.png') return ok(importResult({ rejected: [{ name: 'a b.png', code: 'not-an-image', reason: 'not an image' }] }));
      if (upload.name === 'c.jpg') return ok(importResult({ duplicates: 1 }));
      return ok(importResult({ photos: [photo(upload.name)] }));
    };
    const files = names.map((name) => new File([Buffer.from(`bytes of ${name}`)], name));

    const result = await client.importFiles(files);

    assert.deepEqual(host.uploads.map((u) => u.name).sort(), [...names].sort());
    const grandma = host.uploads.find((u) => u.name === '奶奶的照片.jpg');
    assert.equal(grandma?.bytes.toString('utf8'), 'bytes of 奶奶的照片.jpg');
    assert.equal(grandma?.contentType, 'application/octet-stream');
    assert.deepEqual(result.photos.map((p) => p.id), ['奶奶的照片.jpg', 'd.jpg']);
    assert.equal(result.duplicates, 1);
    assert.deepEqual(result.rejected, [
      { name: 'a b.png', code: 'not-an-image', reason: 'not an image' },
      { name: 'bad.jpg', code: 'upload-failed', reason: 'disk full' },
    ]);
    assert.equal(grandma?.relPath, undefined, 'a loose file has no path inside a folder');
  });

  it('uploads a folder’s files with their path inside it, and lists junk as skipped without uploading it', async () => {
    host.answerUpload = async (upload) => ok(importResult({ photos: [photo(upload.relPath ?? upload.name, { relPath: upload.relPath ?? upload.name })] }));
    const file = (name: string) => new File([Buffer.from(name)], name.split('/').pop() ?? name);
    const folder = {
      name: '奶奶的相册',
      handle: null,
      files: async () => ({
        files: ['奶奶的相册/1962/婚礼.jpg', '奶奶的相册/Thumbs.db', '奶奶的相册/a.jpg'].map((relPath) => ({ file: file(relPath), relPath })),
        unreadable: [{ name: '奶奶的相册/locked', code: 'unreadable', reason: 'permission denied' }],
      }),
    };
    const result = await client.importFolders([folder]);
    assert.deepEqual(host.uploads.map((u) => [u.name, u.relPath]).sort(), [
      ['a.jpg', '奶奶的相册/a.jpg'],
      ['婚礼.jpg', '奶奶的相册/1962/婚礼.jpg'],
    ]);
    assert.deepEqual(result.photos.map((p) => p.relPath).sort(), ['奶奶的相册/1962/婚礼.jpg', '奶奶的相册/a.jpg']);
    assert.deepEqual(result.skipped, [{ name: '奶奶的相册/Thumbs.db', code: 'junk', reason: 'System file, not a photo.' }]);
    assert.deepEqual(result.rejected.map((r) => r.name), ['奶奶的相册/locked']);
  });

  it('with "Include subfolders" unticked uploads only the folder’s own files and lists each sub-folder as left out', async () => {
    host.answerUpload = async (upload) => ok(importResult({ photos: [photo(upload.relPath ?? upload.name, { relPath: upload.relPath ?? upload.name })] }));
    const file = (name: string) => new File([Buffer.from(name)], name.split('/').pop() ?? name);
    const paths = ['奶奶的相册/1962/婚礼.jpg', '奶奶的相册/1962/more/x.jpg', '奶奶的相册/a.jpg', '奶奶的相册/Scans/b.jpg'];
    const folder = { name: '奶奶的相册', handle: null, files: async () => ({ files: paths.map((relPath) => ({ file: file(relPath), relPath })), unreadable: [] }) };
    const flat = await client.importFolders([folder], { recursive: false });
    assert.deepEqual(host.uploads.map((u) => u.relPath), ['奶奶的相册/a.jpg']);
    assert.deepEqual(flat.skipped.map((s) => [s.name, s.code]), [
      ['奶奶的相册/1962', 'not-recursed'],
      ['奶奶的相册/Scans', 'not-recursed'],
    ]);
    const whole = await client.importFolders([folder], { recursive: true });
    assert.equal(whole.photos.length, 4, 'ticked: the whole tree');
  });

  it('keeps at most three uploads in flight', async () => {
    const gates: (() => void)[] = [];
    let open = false;
    let started = 0;
    const url = new URL(host.origin);
    const gated = createBrowserClient(
      { protocol: url.protocol, host: url.host, origin: url.origin },
      {
        ...deps(timers),
        fetch: async (input, init) => {
          started++;
          if (!open) await new Promise<void>((resolve) => gates.push(resolve));
          return fetch(input, init);
        },
      },
    );
    try {
      const done = gated.importFiles(['1', '2', '3', '4', '5'].map((n) => new File([n], `${n}.jpg`)));
      // Every upload the client is willing to start begins in this turn; one macrotask is plenty.
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(started, 3);
      open = true;
      for (const release of gates.splice(0)) release();
      assert.equal((await done).rejected.length, 0);
      assert.equal(started, 5);
    } finally {
      gated.close();
    }
  });

  it('lists every file as rejected when the host cannot be reached, instead of throwing', async () => {
    await host.close();
    const result = await client.importFiles([new File(['x'], 'x.jpg')]);
    assert.equal(result.rejected.length, 1);
    assert.equal(result.rejected[0]?.code, 'host_unreachable');
    assert.match(result.rejected[0]?.reason ?? '', /^Heirloom is not reachable/);
  });

  it('cannot show files in a folder (the host may be another computer)', () => {
    assert.equal(client.capabilities.revealInFolder, false);
  });

  it('builds media URLs by id with a cache-busting version', () => {
    assert.equal(client.mediaUrl('p/1', 'thumb'), '/media/p%2F1/thumb');
    assert.equal(client.mediaUrl('p1', 'result', 1234), '/media/p1/result?v=1234');
    assert.equal(client.resultUrl('p/1', 'job 2'), '/media/p%2F1/result/job%202', 'a variant by job id');
  });
});
