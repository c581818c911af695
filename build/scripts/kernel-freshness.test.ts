// The committed WebAssembly kernel (rebuild-kernel-wasm.ts) is what its AssemblyScript source
// compiles to now: an edit to the kernel without `npm run build:kernel` fails here.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { REBUILD_KERNEL_WASM } from '../../electron/core/colorize/kernel/rebuild-kernel-wasm';
import { compileKernel } from './build-kernel';

void test('rebuild-kernel-wasm.ts is a fresh compile of rebuild-kernel.as.ts', async () => {
  const fresh = Buffer.from(await compileKernel()).toString('base64');
  assert.ok(fresh === REBUILD_KERNEL_WASM, 'the committed kernel is stale: run `npm run build:kernel`');
});
