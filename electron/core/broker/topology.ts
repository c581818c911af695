// Every exchange and queue, named from one prefix and declared idempotently by whoever uses it
// first (the app, a worker, a test); equal arguments make a second declaration a no-op, so both
// sides declare what they touch and neither depends on the other having started first.
//
//   <p>.tasks     direct   → <p>.tasks.<kind>   quorum, delivery limit, DLX <p>.dlx   (routing key = workflow kind)
//   <p>.results   direct   → <p>.results.<inst> quorum, delivery limit, DLX <p>.dlx   (routing key = installation id)
//   <p>.progress  direct   → per app run: exclusive, auto-delete queue                (transient, expiring messages)
//   <p>.dlx       topic #  → <p>.dead           quorum                                (every dead letter, routing key kept)
//   <p>.dlx       topic    → <p>.dead.<inst>    quorum, keys `installation.<inst>` + `<inst>` (this app's dead tasks and results)
//   (default)              → <p>.blob.<task id>.<photo|result>  classic, expires when unused (chunks of big bytes)
import type { Channel } from 'amqplib';
import { InstallationIdSchema, WorkflowKindSchema } from './messages';

export interface TopologyOptions {
  /** Name prefix of every exchange and queue; tests use a unique one per run. */
  prefix: string;
  /** Deliveries of one task before it is dead-lettered (RabbitMQ 4 defaults quorum queues to 20). */
  deliveryLimit?: number;
  /** A blob queue nobody read for this long is deleted by the broker (leftovers of a dead-lettered task). */
  blobExpiresMs?: number;
}

const PREFIX = /^[A-Za-z0-9_.-]{1,64}$/;
export const DEFAULT_PREFIX = 'heirloom';

export type Topology = ReturnType<typeof createTopology>;

export function createTopology(options: TopologyOptions) {
  if (!PREFIX.test(options.prefix)) throw new Error(`broker prefix "${options.prefix}" must be 1–64 letters, digits, _ . or -`);
  const p = options.prefix;
  const deliveryLimit = options.deliveryLimit ?? 5;
  const blobExpiresMs = options.blobExpiresMs ?? 7 * 24 * 3_600_000;
  if (!Number.isInteger(deliveryLimit) || deliveryLimit < 1) throw new Error(`deliveryLimit must be a positive integer, not ${deliveryLimit}`);

  const names = {
    prefix: p,
    tasksExchange: `${p}.tasks`,
    resultsExchange: `${p}.results`,
    progressExchange: `${p}.progress`,
    deadExchange: `${p}.dlx`,
    deadQueue: `${p}.dead`,
    taskQueue: (kind: string) => `${p}.tasks.${WorkflowKindSchema.parse(kind)}`,
    resultsQueue: (installationId: string) => `${p}.results.${InstallationIdSchema.parse(installationId)}`,
    /**
     * A task carries this as its AMQP `CC` routing key: no tasks queue is bound to it (a kind never
     * holds a dot), but a dead-lettered task keeps it, so the DLX routes a copy to its app.
     */
    installationKey: (installationId: string) => `installation.${InstallationIdSchema.parse(installationId)}`,
    /** One app's dead letters: its dead tasks (by the CC key above) and its dead results (routing key = installation id). */
    installationDeadQueue: (installationId: string) => `${p}.dead.${InstallationIdSchema.parse(installationId)}`,
    blobQueue: (taskId: string, part: 'photo' | 'result') => `${p}.blob.${taskId}.${part}`,
  };

  const quorum = { 'x-queue-type': 'quorum', 'x-delivery-limit': deliveryLimit, 'x-dead-letter-exchange': names.deadExchange };

  /**
   * Declarations through one channel, each done once for that channel's life (a reconnect makes a
   * new channel and so declares again: the broker may have lost non-durable state meanwhile).
   */
  function on(channel: Channel) {
    const done = new Map<string, Promise<unknown>>();
    const once = (key: string, declare: () => Promise<unknown>): Promise<void> => {
      let pending = done.get(key);
      if (!pending) {
        pending = declare();
        done.set(key, pending);
        pending.catch(() => done.delete(key));
      }
      return pending.then(() => undefined);
    };
    const base = () =>
      once('base', async () => {
        await channel.assertExchange(names.tasksExchange, 'direct', { durable: true });
        await channel.assertExchange(names.resultsExchange, 'direct', { durable: true });
        await channel.assertExchange(names.progressExchange, 'direct', { durable: true });
        await channel.assertExchange(names.deadExchange, 'topic', { durable: true });
        await channel.assertQueue(names.deadQueue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
        await channel.bindQueue(names.deadQueue, names.deadExchange, '#');
      });
    return {
      base,
      taskQueue: (kind: string) =>
        once(`task:${kind}`, async () => {
          await base();
          const queue = names.taskQueue(kind);
          await channel.assertQueue(queue, { durable: true, arguments: quorum });
          await channel.bindQueue(queue, names.tasksExchange, kind);
          return queue;
        }),
      resultsQueue: (installationId: string) =>
        once(`results:${installationId}`, async () => {
          await base();
          const queue = names.resultsQueue(installationId);
          await channel.assertQueue(queue, { durable: true, arguments: quorum });
          await channel.bindQueue(queue, names.resultsExchange, installationId);
        }),
      installationDeadQueue: (installationId: string) =>
        once(`dead:${installationId}`, async () => {
          await base();
          const queue = names.installationDeadQueue(installationId);
          await channel.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
          await channel.bindQueue(queue, names.deadExchange, names.installationKey(installationId));
          await channel.bindQueue(queue, names.deadExchange, installationId);
        }),
      blobQueue: (queue: string) =>
        once(`blob:${queue}`, () => channel.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'classic', 'x-expires': blobExpiresMs } })),
    };
  }

  return { names, deliveryLimit, on };
}
