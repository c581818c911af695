// Test helper: the real RabbitMQ at 127.0.0.1:5672 (HEIRLOOM_TEST_AMQP_URL overrides), unique
// names per test, cleanup, and rabbitmqctl for restarts and limits. Where the broker is missing,
// tests skip with a message — except in CI (CI=true), where they must run and so fail.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { connect, type ChannelModel } from 'amqplib';
import type { SecretStore } from '../settings';
import { createTopology, type Topology, type TopologyOptions } from '../topology';

export const AMQP_URL = process.env.HEIRLOOM_TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const run = promisify(execFile);

/** Why the broker cannot be used, or null when it can. */
async function brokerProblem(): Promise<string | null> {
  try {
    const model = await connect(AMQP_URL, { timeout: 3_000 });
    await model.close();
  } catch (error) {
    return `no RabbitMQ at ${AMQP_URL.replace(/:[^:@/]*@/, ':***@')} (${error instanceof Error ? error.message : String(error)})`;
  }
  try {
    await run('rabbitmqctl', ['status'], { timeout: 30_000 });
  } catch (error) {
    return `rabbitmqctl does not work here (${error instanceof Error ? error.message : String(error)})`;
  }
  return null;
}

/**
 * `test(name, rabbitTest.options, fn)`: skipped with the reason when the broker is missing, but
 * never in CI, where the missing broker makes `rabbitTest.require()` throw inside the test.
 */
export async function rabbitTests() {
  const problem = await brokerProblem();
  const inCi = process.env.CI === 'true';
  if (problem && !inCi) console.log(`# RabbitMQ tests skipped: ${problem}`);
  return {
    options: { skip: problem && !inCi ? problem : false } as const,
    require() {
      if (problem) throw new Error(`RabbitMQ is required in CI: ${problem}`);
    },
  };
}

export function rabbitmqctl(...args: string[]): Promise<string> {
  return run('rabbitmqctl', args, { timeout: 120_000 }).then(({ stdout }) => stdout);
}

/** `rabbitmqctl eval` of an Erlang expression; returns its printed value. */
export async function rabbitEval(expression: string): Promise<string> {
  return (await rabbitmqctl('eval', expression)).trim();
}

/** Restarts the broker application; resolves once it accepts connections again. Always restarts, even if stopping failed half-way. */
export async function restartBroker(onStopped?: () => void): Promise<void> {
  try {
    await rabbitmqctl('stop_app');
    onStopped?.();
  } finally {
    await rabbitmqctl('start_app');
    await rabbitmqctl('await_startup');
  }
}

/** Names unique to one test; `cleanup` deletes every queue and exchange under them. */
export function uniqueTopology(options: Omit<TopologyOptions, 'prefix'> = {}): { topology: Topology; cleanup(): Promise<void> } {
  const prefix = `hl-test-${randomUUID().slice(0, 8)}`;
  const topology = createTopology({ prefix, ...options });
  return {
    topology,
    async cleanup() {
      const queues = (await whileBrokerRestarts(() => rabbitmqctl('list_queues', 'name', '--quiet', '--no-table-headers'))).split('\n').map((l) => l.trim());
      const exchanges = (await whileBrokerRestarts(() => rabbitmqctl('list_exchanges', 'name', '--quiet', '--no-table-headers'))).split('\n').map((l) => l.trim());
      // Deleting is idempotent: tried again as a whole if the broker goes away half-way.
      await whileBrokerRestarts(async () => {
        const model = await testConnection();
        try {
          const channel = await model.createChannel();
          for (const queue of queues.filter((name) => name.startsWith(`${prefix}.`))) await channel.deleteQueue(queue);
          for (const exchange of exchanges.filter((name) => name.startsWith(`${prefix}.`))) await channel.deleteExchange(exchange);
        } finally {
          await model.close().catch(() => undefined);
        }
      });
    },
  };
}

/**
 * Runs `attempt` until it works, for up to 60 s: test files run two at a time and one of them
 * restarts the broker (rabbitmqctl list_queues and connects fail while it is down).
 */
async function whileBrokerRestarts<T>(attempt: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** A plain connection for the test's own looking and poking (closed by the caller); waits out a restart. */
export async function testConnection(): Promise<ChannelModel> {
  const model = await whileBrokerRestarts(() => connect(AMQP_URL));
  model.on('error', () => undefined);
  return model;
}

/** Resolves with the first value `accept` returns non-undefined for, from callbacks fed through `push`. */
export function createWaiter<T>() {
  let waiters: Array<{ test: (value: T) => boolean; resolve: (value: T) => void }> = [];
  const seen: T[] = [];
  return {
    push(value: T) {
      seen.push(value);
      const matched = waiters.filter((w) => w.test(value));
      waiters = waiters.filter((w) => !matched.includes(w));
      matched.forEach((w) => w.resolve(value));
    },
    seen: () => seen,
    /** The first value (already seen or still to come) that passes `test`. */
    next(test: (value: T) => boolean, timeoutMs: number, what: string): Promise<T> {
      const already = seen.find(test);
      if (already !== undefined) return Promise.resolve(already);
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
        waiters.push({
          test,
          resolve: (value) => {
            clearTimeout(timer);
            resolve(value);
          },
        });
      });
    },
  };
}

/** What the settings UI would save for AMQP_URL: the URL without credentials, the user name, the password (for the secret store). */
export function brokerSettingsFromTestUrl() {
  const url = new URL(AMQP_URL);
  const username = decodeURIComponent(url.username) || 'guest';
  const password = decodeURIComponent(url.password) || 'guest';
  url.username = '';
  url.password = '';
  return { enabled: true, url: url.toString().replace(/\/$/, ''), username, password };
}

/** A secret store in memory (the app keeps the broker password in safeStorage). */
export function memorySecrets(): SecretStore {
  const values = new Map<string, string>();
  return {
    get: async (name) => values.get(name),
    set: async (name, value) => {
      if (value === null) values.delete(name);
      else values.set(name, value);
    },
  };
}
