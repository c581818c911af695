// The naive client the issue compares against: per backend, one photo at a time — upload,
// prompt, wait, download, save, next — with the same protocol client (WebSocket events, HTTP
// fallback) and the same workflow. Its sockets are connected before the clock starts, so it
// does not pay for a first connection Heirloom's scheduler also makes.
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { createComfyClient, type ComfyClient } from '../../electron/core/comfy/client';
import { runPromptOnBackend } from '../../electron/core/comfy/run-prompt';
import { loadWorkflows } from '../../electron/core/workflows';
import type { RunFigures } from './heirloom';

const WORKFLOWS = join(import.meta.dirname, '..', '..', 'workflows');

function connected(client: ComfyClient): Promise<void> {
  return new Promise((resolve) => {
    const stop = client.events.onConnection((state) => {
      if (state === 'open') {
        stop();
        resolve();
      }
    });
    if (client.events.state() === 'open') {
      stop();
      resolve();
    }
  });
}

export async function runNaive(urls: readonly string[], photoPaths: readonly string[], modelSize: number): Promise<RunFigures> {
  const workflow = (await loadWorkflows(WORKFLOWS)).find((w) => w.id === 'ddcolor-portrait');
  if (!workflow) throw new Error('workflow ddcolor-portrait is missing');
  const out = await mkdtemp(join(tmpdir(), 'heirloom-bench-naive-'));
  const clients = urls.map((url) => createComfyClient({ baseUrl: url, clientId: randomUUID() }));
  try {
    await Promise.all(clients.map(connected));
    await mkdir(out, { recursive: true });
    let next = 0;
    const perBackend = urls.map(() => 0);
    const started = performance.now();
    await Promise.all(
      clients.map(async (client, index) => {
        for (let i = next++; i < photoPaths.length; i = next++) {
          const path = photoPaths[i] as string;
          const bytes = await readFile(path);
          const result = await runPromptOnBackend({ client, workflow, params: { size: modelSize }, image: { bytes, fileName: basename(path) }, promptId: randomUUID() });
          const first = result.outputs[0];
          if (!first) throw new Error(`no output for ${path}`);
          await writeFile(join(out, `${basename(path)}.colorized.png`), first.bytes);
          perBackend[index] = (perBackend[index] ?? 0) + 1;
        }
      }),
    );
    const ms = performance.now() - started;
    return { ms, perBackend, outputs: perBackend.reduce((a, b) => a + b, 0) };
  } finally {
    for (const client of clients) client.close();
    await rm(out, { recursive: true, force: true });
  }
}
