// BullMQ on the local Redis. Durability differs from the SQLite queues: read back from the server
// (CONFIG GET save / appendonly) and printed with the figures.
import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { payloadOf, type QueueSubject } from './subject';

/** The part of ioredis this file uses. */
interface RedisClient {
  connect(): Promise<void>;
  call(command: string, ...args: string[]): Promise<unknown>;
  quit(): Promise<unknown>;
  disconnect(): void;
  on(event: 'error', listener: (error: Error) => void): unknown;
}
type RedisConstructor = new (options: Record<string, unknown>) => RedisClient;

// BullMQ 6 made ioredis an optional peer dependency (BullMQ 5 shipped it). It is loaded by name
// at run time so the SQLite half of the benchmark runs, and says what is missing, without it.
const IOREDIS = 'ioredis';

async function loadRedis(): Promise<RedisConstructor> {
  let module: { Redis?: RedisConstructor; default?: RedisConstructor };
  try {
    module = (await import(IOREDIS)) as typeof module;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') {
      throw new Error('BullMQ 6 needs its optional peer dependency ioredis, which is not installed (npm install --save-dev ioredis@^5.11.1)');
    }
    throw error;
  }
  const Redis = module.Redis ?? module.default;
  if (typeof Redis !== 'function') throw new Error('the installed ioredis exports no Redis client class');
  return Redis;
}

export interface RedisAddress {
  readonly host: string;
  readonly port: number;
}

/** Connects once without retrying and reads how the server persists; fails fast when it is down. */
async function probe(Redis: RedisConstructor, address: RedisAddress): Promise<string> {
  const client = new Redis({ ...address, lazyConnect: true, connectTimeout: 2_000, retryStrategy: () => null, maxRetriesPerRequest: 0 });
  client.on('error', () => {}); // connect() rejects with the same error
  try {
    await client.connect().catch((error: unknown) => {
      throw new Error(`Redis at ${address.host}:${address.port} is not reachable: ${error instanceof Error ? error.message : String(error)}`);
    });
    const setting = async (key: string) => String(((await client.call('CONFIG', 'GET', key)) as string[])[1] ?? '?');
    const save = await setting('save');
    const appendonly = await setting('appendonly');
    const fsync = appendonly === 'yes' ? ` appendfsync=${await setting('appendfsync')}` : '';
    const version = /redis_version:(\S+)/.exec(String(await client.call('INFO', 'server')))?.[1] ?? '?';
    const onDisk = save !== '' || appendonly === 'yes';
    return `Redis ${version} save="${save}" appendonly=${appendonly}${fsync}${onDisk ? '' : ' (memory only: nothing reaches the disk)'}`;
  } finally {
    client.disconnect();
  }
}

export function bullmqSubject(address: RedisAddress): QueueSubject {
  return {
    id: 'bullmq',
    label: 'BullMQ (Redis)',
    store: 'redis',
    async open(jobs) {
      const Redis = await loadRedis();
      const durability = await probe(Redis, address);
      // BullMQ's Worker needs maxRetriesPerRequest=null (it blocks on Redis); the Queue takes the same.
      const connect = () => {
        const client = new Redis({ ...address, maxRetriesPerRequest: null });
        client.on('error', () => {}); // BullMQ reports connection errors through its own objects
        return client;
      };
      const queueClient = connect();
      // A name of its own per round, removed with all its keys on close.
      const queue = new Queue(`heirloom-bench-${randomUUID()}`, { connection: queueClient as unknown as ConnectionOptions });
      try {
        await queue.waitUntilReady();
      } catch (error) {
        await queue.close().catch(() => {});
        queueClient.disconnect();
        throw error;
      }
      return {
        durability,
        enqueueAll: async () => {
          await queue.addBulk(Array.from({ length: jobs }, (_, i) => ({ name: 'colorize', data: payloadOf(i) })));
        },
        async workers(concurrency) {
          const workerClient = connect();
          let done = 0;
          let settle: { resolve: () => void; reject: (error: Error) => void } | undefined;
          const allDone = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
          const worker = new Worker(queue.name, async () => {}, { connection: workerClient as unknown as ConnectionOptions, concurrency, autorun: false });
          worker.on('completed', () => {
            if (++done === jobs) settle?.resolve();
          });
          worker.on('failed', (job, error) => settle?.reject(new Error(`BullMQ job ${job?.id ?? '?'} failed: ${error.message}`)));
          worker.on('error', (error) => settle?.reject(error));
          try {
            await worker.waitUntilReady();
          } catch (error) {
            await worker.close().catch(() => {});
            workerClient.disconnect();
            throw error;
          }
          let running: Promise<void> | undefined;
          return {
            run: async () => {
              running = worker.run();
              await Promise.race([allDone, running.then(() => Promise.reject(new Error('the BullMQ worker stopped before the queue was drained')))]);
            },
            stop: async () => {
              await worker.close();
              await running;
              await workerClient.quit();
            },
          };
        },
        serverCpuMicros: async () => {
          const info = String(await queueClient.call('INFO', 'cpu'));
          const seconds = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? NaN);
          const micros = (seconds('used_cpu_user') + seconds('used_cpu_sys')) * 1e6;
          if (!Number.isFinite(micros)) throw new Error('Redis INFO cpu has no used_cpu_user/used_cpu_sys');
          return micros;
        },
        countDone: async () => (await queue.getJobCounts('completed')).completed ?? 0,
        close: async () => {
          await queue.obliterate({ force: true });
          await queue.close();
          await queueClient.quit();
        },
      };
    },
  };
}
