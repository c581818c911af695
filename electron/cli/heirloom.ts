import { parseArgs } from 'node:util';
import { BackendUrlSchema } from '../shared/contract';
import { appVersion, defaultDataDir } from './paths';
import { EXIT, restoreFolder } from './restore-command';
import { serve } from './serve-command';
import { WORKER_USAGE, workerCommand } from './worker-command';

const USAGE = `Heirloom (传家宝) — colorize old family photos with ComfyUI + DDColor

Usage:
  heirloom restore <folder> [--backend URL]... [--workflow ID|FILE] [--out DIR] [--data DIR] [--no-recursive]
      Restore every photo in <folder> and its sub-folders (--no-recursive: the folder itself only).
      Output mirrors the folder under --out (default: "<folder> (colorized)" beside it). A rerun
      skips photos already restored. Files not imported or not restored are listed with reasons.
      Exit code: 0 all restored, 1 some failed or were rejected, 2 usage, 3 ComfyUI unreachable.
  heirloom serve [--host 127.0.0.1] [--port 8420] [--token T] [--backend URL]... [--out DIR] [--data DIR]
      Serve the Heirloom UI to a browser. A token is required when --host is not a loopback address.

--backend URL (repeatable) sets the ComfyUI backends to use, e.g. --backend http://127.0.0.1:8188
--backend http://gpu-pc:8188: the photos are spread over all of them. Without it, the library's
saved list of backends is used (a new library has http://127.0.0.1:8188).
${WORKER_USAGE}
  heirloom --version

Workflows: ddcolor-portrait (default), ddcolor-architecture, or a path to any ComfyUI
API-format workflow .json (the photo goes into its LoadImage, the result comes from its SaveImage).
Data (the library database) defaults to the app's data folder; override with --data or HEIRLOOM_DATA_DIR.`;

function fail(message: string): number {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  return EXIT.usage;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-v') {
    console.log(appVersion());
    return EXIT.ok;
  }
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    console.log(USAGE);
    return command ? EXIT.ok : EXIT.usage;
  }
  const common = {
    data: { type: 'string' },
    backend: { type: 'string', multiple: true },
    out: { type: 'string' },
    workflow: { type: 'string' },
  } as const;
  try {
    switch (command) {
      case 'restore': {
        const { values, positionals } = parseArgs({
          args: rest,
          allowPositionals: true,
          // Node 20's parseArgs has no negated options: `--no-recursive` is a flag of its own.
          options: { ...common, 'offline-timeout': { type: 'string', default: '30' }, 'no-recursive': { type: 'boolean', default: false } },
        });
        const [folder, extra] = positionals;
        if (!folder || extra) return fail('restore takes exactly one folder.');
        const backends = values.backend ?? [];
        const invalid = backends.find((url) => !BackendUrlSchema.safeParse(url).success);
        if (invalid !== undefined) return fail(`--backend must be an http:// or https:// URL, not "${invalid}".`);
        return await restoreFolder({
          folder,
          backends,
          workflow: values.workflow,
          out: values.out,
          dataDir: values.data ?? defaultDataDir(),
          offlineTimeoutMs: Number(values['offline-timeout']) * 1000,
          recursive: !values['no-recursive'],
        });
      }
      case 'serve': {
        const { values } = parseArgs({
          args: rest,
          options: { ...common, host: { type: 'string', default: '127.0.0.1' }, port: { type: 'string', default: '8420' }, token: { type: 'string' } },
        });
        const port = Number(values.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535) return fail(`--port must be 0–65535, not ${values.port}.`);
        const backends = values.backend ?? [];
        const invalid = backends.find((url) => !BackendUrlSchema.safeParse(url).success);
        if (invalid !== undefined) return fail(`--backend must be an http:// or https:// URL, not "${invalid}".`);
        return await serve({
          host: values.host,
          port,
          token: values.token ?? process.env.HEIRLOOM_TOKEN,
          dataDir: values.data ?? defaultDataDir(),
          backends,
          out: values.out,
          workflow: values.workflow,
        });
      }
      case 'worker':
        return await workerCommand(rest, fail);
      default:
        return fail(`Unknown command: ${command}`);
    }
  } catch (error) {
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) return fail(error.message);
    process.stderr.write(`heirloom: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.someFailed;
  }
}

process.exitCode = await main(process.argv.slice(2));
