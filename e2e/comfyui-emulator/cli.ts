// ComfyUI emulator (test infrastructure) — command line:
//   npm run emulator -- --port 8188 [--omit-node DDColor_Colorize] [--service-ms 200]
//                       [--protocol 0.33] [--data-dir DIR] [--max-upload-mb 100] [--quiet]
// Stays up until SIGINT/SIGTERM.
import { parseArgs } from 'node:util';
import { startComfyEmulator } from './index';

const USAGE =
  'usage: npm run emulator -- [--port 8188] [--omit-node CLASS]... [--service-ms N] [--protocol 0.3.64|0.33] [--data-dir DIR] [--max-upload-mb N] [--quiet]';

function fail(message: string): never {
  console.error(`comfyui-emulator: ${message}\n${USAGE}`);
  process.exit(2);
}

function nonNegativeInt(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) fail(`${flag} must be a non-negative integer, got "${value}"`);
  return Number(value);
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        port: { type: 'string' },
        'omit-node': { type: 'string', multiple: true },
        'service-ms': { type: 'string' },
        protocol: { type: 'string' },
        'data-dir': { type: 'string' },
        'max-upload-mb': { type: 'string' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean' },
      },
      strict: true,
    });
  } catch (error) {
    fail((error as Error).message);
  }
  const { values } = parsed;
  if (values.help === true) {
    console.log(USAGE);
    return;
  }
  const port = nonNegativeInt('--port', values.port, 8188);
  if (port > 65535) fail(`--port must be at most 65535, got ${port}`);
  const protocol = values.protocol ?? '0.3.64';
  if (protocol !== '0.3.64' && protocol !== '0.33') fail(`--protocol must be 0.3.64 or 0.33, got "${protocol}"`);
  const maxUploadMb = nonNegativeInt('--max-upload-mb', values['max-upload-mb'], 100);

  const emulator = await startComfyEmulator({
    port,
    omitNodes: values['omit-node'] ?? [],
    serviceTimeMs: nonNegativeInt('--service-ms', values['service-ms'], 0),
    protocol,
    maxUploadBytes: maxUploadMb * 1024 * 1024,
    ...(values['data-dir'] === undefined ? {} : { dataDir: values['data-dir'] }),
    ...(values.quiet === true ? {} : { log: (line: string) => console.log(line) }),
  }).catch((error: unknown) => fail(`cannot start: ${(error as Error).message}`));
  const shutdown = (signal: string): void => {
    console.log(`${signal}: shutting down`);
    void emulator.close().then(() => process.exit(0));
  };
  // Handlers first: whoever reads the banner may signal right away.
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  console.log(`ComfyUI emulator (test infrastructure) listening on ${emulator.url}`);
  console.log(`data directory: ${emulator.dataDir}`);
}

void main();
