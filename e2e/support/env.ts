// Per-test environment: a fresh temp folder (library data + output), ComfyUI emulators started
// in-process, Heirloom hosts as children; everything is stopped and removed after the test, and
// the hosts' logs are attached when a test fails.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base } from '@playwright/test';
import { startComfyEmulator } from '../comfyui-emulator';
import { startHeirloom } from './heirloom-process';
import type { HeirloomProcess } from './heirloom-process';

export type EmulatorOptions = NonNullable<Parameters<typeof startComfyEmulator>[0]>;
export type Emulator = Awaited<ReturnType<typeof startComfyEmulator>>;

export interface E2eEnv {
  dir: string;
  dataDir: string;
  outDir: string;
  startEmulator(options?: EmulatorOptions): Promise<Emulator>;
  /** Serves this test's library; the backend URL(s) are the CLI's --backend. Port 0 (default) picks one. */
  startHeirloom(backendUrl: string | readonly string[], options?: { port?: number }): Promise<HeirloomProcess>;
  /** A port nothing listens on (it was free a moment ago): a ComfyUI that is down. */
  freePort(): Promise<number>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export const test = base.extend<{ env: E2eEnv }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright's fixture signature: this fixture needs no other fixture.
  env: async ({}, use, testInfo) => {
    const dir = await mkdtemp(join(tmpdir(), 'heirloom-e2e-'));
    const hosts: HeirloomProcess[] = [];
    const emulators: Emulator[] = [];
    const env: E2eEnv = {
      dir,
      dataDir: join(dir, 'data'),
      outDir: join(dir, 'out'),
      async startEmulator(options) {
        const emulator = await startComfyEmulator(options);
        emulators.push(emulator);
        return emulator;
      },
      async startHeirloom(backendUrl, options) {
        const host = await startHeirloom({ dataDir: env.dataDir, outDir: env.outDir, backendUrl, port: options?.port ?? 0 });
        hosts.push(host);
        return host;
      },
      freePort,
    };
    try {
      await use(env);
    } finally {
      for (const host of hosts) {
        await host.stop();
        if (testInfo.status !== testInfo.expectedStatus) await testInfo.attach('heirloom-serve.log', { body: host.log(), contentType: 'text/plain' });
      }
      for (const emulator of emulators) await emulator.close();
      await rm(dir, { recursive: true, force: true });
    }
  },
});

export { expect } from '@playwright/test';
