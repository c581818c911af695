// Test helper: a `heirloom worker` in this process (the CLI wires the same parts), against the
// real RabbitMQ and one ComfyUI (the emulator).
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createWorkflowRegistry } from '../../api/workflow-registry';
import { tempDir } from '../../testing/test-db';
import type { Topology } from '../topology';
import { createBackendPool } from '../worker/executor';
import { openTaskRecords } from '../worker/task-records';
import { startWorker } from '../worker/worker';
import { WORKFLOWS_DIR } from './app-fixture';
import { AMQP_URL } from './rabbit';

export async function startInProcessWorker(topology: Topology, comfyUrl: string, options: { kinds?: string[]; capacity?: number; prefetch?: number } = {}) {
  const dir = tempDir('broker-worker');
  const stop = new AbortController();
  const executor = createBackendPool({ urls: [comfyUrl], clientId: randomUUID(), now: Date.now, pollIntervalMs: 100, capacity: options.capacity ?? 2 });
  const worker = startWorker({
    url: AMQP_URL,
    topology,
    executor,
    workflows: await createWorkflowRegistry(WORKFLOWS_DIR),
    kinds: options.kinds ?? ['portrait', 'architecture'],
    records: await openTaskRecords({ dir: join(dir.path, 'tasks'), now: Date.now }),
    identity: { id: `test-worker-${randomUUID().slice(0, 4)}`, hostname: 'test', version: '0' },
    signal: stop.signal,
    prefetch: options.prefetch ?? 2,
    graceMs: 30_000,
    now: Date.now,
    delayMs: () => 200,
  });
  return {
    async stop() {
      stop.abort();
      await worker.done;
      executor.close();
      dir.remove();
    },
  };
}
