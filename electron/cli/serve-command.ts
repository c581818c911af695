import { resolve } from 'node:path';
import { createHeirloomCore } from '../core/api/create-core';
import { rebuildWorkerOption } from './rebuild-threads';
import { startBrowserHost } from '../host/browser-host';
import { appVersion, defaultPicturesOutput, RENDERER_DIR, WORKFLOWS_DIR } from './paths';

export interface ServeOptions {
  host: string;
  port: number;
  token?: string | undefined;
  dataDir: string;
  /** `--backend URL`, repeatable: replaces the library's list of backends when given. */
  backends: readonly string[];
  out?: string | undefined;
  workflow?: string | undefined;
}

/** `heirloom serve`: the app's UI in any browser, backed by the same core. Runs until SIGINT/SIGTERM. */
export async function serve(options: ServeOptions): Promise<number> {
  const core = await createHeirloomCore({
    dataDir: options.dataDir,
    workflowsDir: WORKFLOWS_DIR,
    defaultOutputDir: defaultPicturesOutput(),
    appVersion: appVersion(),
    ...rebuildWorkerOption(),
    overrides: {
      ...(options.backends.length > 0 ? { backends: options.backends } : {}),
      ...(options.out ? { outputDir: resolve(options.out) } : {}),
      ...(options.workflow ? { workflowId: options.workflow } : {}),
    },
  });
  const host = await startBrowserHost({ core, rendererDir: RENDERER_DIR, host: options.host, port: options.port, token: options.token });
  await core.start();
  const shown = options.token ? `${host.url}?token=${encodeURIComponent(options.token)}` : host.url;
  console.log(`Heirloom browser host listening on ${shown}`);
  await new Promise<void>((resolveStop) => {
    process.once('SIGINT', resolveStop);
    process.once('SIGTERM', resolveStop);
  });
  await host.close();
  await core.close();
  return 0;
}
