// Prometheus metrics of one worker process, in a registry of its own (prom-client's default
// registry is module-global state), served on GET /metrics of --metrics-port.
import { createServer, type Server } from 'node:http';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { BackendHealth } from './executor';

/** How a delivery ended: succeeded/failed = a result was published; the rest published none. */
export type TaskOutcome = 'succeeded' | 'failed' | 'replayed' | 'returned' | 'rejected';

export type WorkerMetrics = ReturnType<typeof createWorkerMetrics>;

export function createWorkerMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'heirloom_worker_' });
  const tasks = new Counter({
    name: 'heirloom_worker_tasks_total',
    help: 'Task deliveries by outcome: succeeded/failed (result published), replayed (answered from the task records), returned (given back to the queue), rejected (dead-lettered).',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'heirloom_worker_task_duration_seconds',
    help: 'From delivery to the result confirmed by the broker, for tasks that published a result.',
    labelNames: ['outcome'] as const,
    // DDColor at 512 on a mid GPU is ~1–3 s; a 1280 architecture preset on a 40 MB scan ~30 s+.
    buckets: [0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600],
    registers: [registry],
  });
  const inFlight = new Gauge({ name: 'heirloom_worker_tasks_in_flight', help: 'Tasks delivered and not yet settled.', registers: [registry] });
  const backendUp = new Gauge({
    name: 'heirloom_worker_backend_up',
    help: '1 when the ComfyUI backend answered its last health probe.',
    labelNames: ['backend'] as const,
    registers: [registry],
  });
  const backendInFlight = new Gauge({
    name: 'heirloom_worker_backend_in_flight',
    help: 'Prompts of this worker on the backend right now.',
    labelNames: ['backend'] as const,
    registers: [registry],
  });
  const brokerUp = new Gauge({ name: 'heirloom_worker_broker_connected', help: '1 while connected to RabbitMQ.', registers: [registry] });

  return {
    registry,
    started: () => inFlight.inc(),
    settled(outcome: TaskOutcome, seconds?: number) {
      inFlight.dec();
      tasks.inc({ outcome });
      if (seconds !== undefined) duration.observe({ outcome }, seconds);
    },
    backends(health: readonly BackendHealth[]) {
      for (const backend of health) {
        backendUp.set({ backend: backend.url }, backend.up ? 1 : 0);
        backendInFlight.set({ backend: backend.url }, backend.inFlight);
      }
    },
    broker: (connected: boolean) => brokerUp.set(connected ? 1 : 0),
  };
}

/** GET /metrics (Prometheus text format) and GET /healthz. Resolves once listening. */
export async function serveMetrics(metrics: WorkerMetrics, options: { host: string; port: number }): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://worker').pathname;
    if (req.method !== 'GET' || (path !== '/metrics' && path !== '/healthz')) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
      return;
    }
    metrics.registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
      (error: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`${error instanceof Error ? error.message : String(error)}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}/metrics`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
