// Test and benchmark support: a worker thread running a .ts module of this source tree. Node 20
// does not hand tsx's loader (`--import tsx`) on to worker threads, so the worker registers it
// itself before importing the module. The built app starts its bundled .js instead.
import { Worker } from 'node:worker_threads';

export function startSourceWorker(module: URL): Worker {
  const code = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(module.href)}); })`;
  return new Worker(code, { eval: true });
}
