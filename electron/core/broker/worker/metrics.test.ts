import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createWorkerMetrics, serveMetrics } from './metrics';

test('GET /metrics serves tasks, durations, in-flight and backend health in Prometheus text format', async () => {
  const metrics = createWorkerMetrics();
  const server = await serveMetrics(metrics, { host: '127.0.0.1', port: 0 });
  try {
    metrics.started();
    metrics.started();
    metrics.settled('succeeded', 2.5);
    metrics.backends([
      { url: 'http://gpu-1:8188', up: true, inFlight: 1, message: null },
      { url: 'http://gpu-2:8188', up: false, inFlight: 0, message: 'ECONNREFUSED' },
    ]);
    metrics.broker(true);
    const response = await fetch(server.url);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain/);
    const text = await response.text();
    for (const line of [
      'heirloom_worker_tasks_total{outcome="succeeded"} 1',
      'heirloom_worker_tasks_in_flight 1',
      'heirloom_worker_task_duration_seconds_bucket{le="5",outcome="succeeded"} 1',
      'heirloom_worker_task_duration_seconds_bucket{le="2",outcome="succeeded"} 0',
      'heirloom_worker_backend_up{backend="http://gpu-1:8188"} 1',
      'heirloom_worker_backend_up{backend="http://gpu-2:8188"} 0',
      'heirloom_worker_backend_in_flight{backend="http://gpu-1:8188"} 1',
      'heirloom_worker_broker_connected 1',
    ]) {
      assert.ok(text.split('\n').includes(line), `missing: ${line}`);
    }
    assert.equal((await fetch(server.url.replace('/metrics', '/healthz'))).status, 200);
    assert.equal((await fetch(server.url.replace('/metrics', '/other'))).status, 404);
  } finally {
    await server.close();
  }
});
