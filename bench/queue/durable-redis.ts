// BullMQ at equal durability (issue 3's target): a Redis of the benchmark's own, started per round
// with `appendonly yes` + `appendfsync everysec`. Redis then fsyncs its log once a second; Heirloom
// syncs its WAL at a checkpoint and at least once a second (electron/core/db/wal-sync.ts), so a
// power cut costs both about the last second. The machine's shared Redis keeps nothing on disk.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { bullmqSubject, type RedisAddress } from './bullmq';
import { makeTempDir, type QueueSubject } from './subject';

const READY = /Ready to accept connections/;
const START_TIMEOUT_MS = 10_000;

/** A port nothing listens on right now (the OS picks it). */
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('could not pick a free port');
  return address.port;
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

/** Starts `redis-server` (Debian: apt-get install redis-server) in a temp folder; resolves once it accepts connections. */
export async function startDurableRedis(): Promise<{ address: RedisAddress; stop(): Promise<void> }> {
  const dir = makeTempDir('redis-aof');
  const port = await freePort();
  const args = ['--bind', '127.0.0.1', '--port', String(port), '--dir', dir.path, '--save', '', '--appendonly', 'yes', '--appendfsync', 'everysec'];
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const stop = async () => {
    await stopServer(child);
    dir.remove();
  };
  let output = '';
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis-server did not start in ${START_TIMEOUT_MS / 1000} s: ${output.trim().slice(-300)}`)), START_TIMEOUT_MS);
      const settle = (error?: Error) => {
        clearTimeout(timer);
        if (error) reject(error);
        else resolve();
      };
      child.on('error', (error: NodeJS.ErrnoException) =>
        settle(error.code === 'ENOENT' ? new Error('redis-server is not installed (Debian: apt-get install redis-server)') : error),
      );
      child.on('exit', (code) => settle(new Error(`redis-server exited (code ${code}) before it was ready: ${output.trim().slice(-300)}`)));
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (READY.test(output)) settle();
      });
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    });
  } catch (error) {
    await stop();
    throw error;
  }
  child.removeAllListeners('exit');
  return { address: { host: '127.0.0.1', port }, stop };
}

/** BullMQ on a fresh durable Redis each round (untimed start-up); the server goes with the round. */
export const durableBullmqSubject: QueueSubject = {
  id: 'bullmq_durable',
  label: 'BullMQ (Redis, appendfsync everysec)',
  store: 'redis',
  async open(jobs) {
    const server = await startDurableRedis();
    try {
      const round = await bullmqSubject(server.address).open(jobs);
      return {
        ...round,
        close: async () => {
          try {
            await round.close();
          } finally {
            await server.stop();
          }
        },
      };
    } catch (error) {
      await server.stop();
      throw error;
    }
  },
};
