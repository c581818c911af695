// The worker's memory of finished tasks, in its data dir: `<task id>.json` (the result header)
// and `<task id>.out` (the output bytes). Written BEFORE the result is published, so a task that
// comes back (its ack was lost with the connection, or the worker died between publish and ack)
// is answered from here instead of being restored again.
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomically } from '../../output/write-atomically';
import { sha256Hex } from '../../workflows';
import { ResultHeaderSchema, TaskIdSchema, type ResultHeader } from '../messages';

export interface TaskRecord {
  header: ResultHeader;
  /** The output image (null for a failed task). */
  bytes: Buffer | null;
}

export interface TaskRecordsOptions {
  dir: string;
  now: () => number;
  /** Newest records kept. Default 1000 (a redelivery comes within minutes; this is days of work). */
  keep?: number;
  /** Older records are dropped whatever their number. Default 7 days (the blob queues' expiry). */
  maxAgeMs?: number;
}

export type TaskRecords = Awaited<ReturnType<typeof openTaskRecords>>;

export async function openTaskRecords(options: TaskRecordsOptions) {
  const { dir, now } = options;
  const keep = options.keep ?? 1000;
  const maxAgeMs = options.maxAgeMs ?? 7 * 24 * 3_600_000;
  await mkdir(dir, { recursive: true });
  const paths = (taskId: string) => {
    const id = TaskIdSchema.parse(taskId);
    return { json: join(dir, `${id}.json`), out: join(dir, `${id}.out`) };
  };

  async function prune(): Promise<number> {
    const names = (await readdir(dir)).filter((name) => name.endsWith('.json'));
    const aged = await Promise.all(
      names.map(async (name) => ({ name, mtimeMs: await stat(join(dir, name)).then((s) => s.mtimeMs, () => 0) })),
    );
    aged.sort((a, b) => b.mtimeMs - a.mtimeMs);
    const cutoff = now() - maxAgeMs;
    const drop = aged.filter((entry, index) => index >= keep || entry.mtimeMs < cutoff);
    await Promise.all(
      drop.map(async ({ name }) => {
        await rm(join(dir, name), { force: true });
        await rm(join(dir, name.replace(/\.json$/, '.out')), { force: true });
      }),
    );
    return drop.length;
  }

  let sincePrune = 0;
  await prune();

  return {
    /** The finished task, or undefined (also when a record is damaged: the task then simply runs). */
    async get(taskId: string): Promise<TaskRecord | undefined> {
      const { json, out } = paths(taskId);
      let header: ResultHeader;
      try {
        const parsed = ResultHeaderSchema.safeParse(JSON.parse(await readFile(json, 'utf8')));
        if (!parsed.success) return undefined;
        header = parsed.data;
      } catch {
        return undefined;
      }
      if (header.outcome.status === 'failed') return { header, bytes: null };
      const bytes = await readFile(out).catch(() => undefined);
      if (!bytes || sha256Hex(bytes) !== header.outcome.output.sha256) return undefined;
      return { header, bytes };
    },
    /** Bytes first, then the header that vouches for them: a crash in between leaves no record. */
    async put(record: TaskRecord): Promise<void> {
      const { json, out } = paths(record.header.taskId);
      if (record.bytes) await writeFileAtomically(out, record.bytes);
      await writeFileAtomically(json, Buffer.from(JSON.stringify(record.header)));
      if (++sincePrune >= 100) {
        sincePrune = 0;
        await prune();
      }
    },
    prune,
  };
}
