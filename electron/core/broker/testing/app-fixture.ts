// Test helper: the app's side of the broker on a real SQLite file — queue, outbox, workflows —
// plus photos on disk and claimed jobs sent to the broker the way the dispatcher will send them.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import sharp from 'sharp';
import { createWorkflowRegistry, type WorkflowRegistry } from '../../api/workflow-registry';
import type { Db } from '../../db/open-database';
import { writeFileAtomically } from '../../output/write-atomically';
import { createJobQueue, type JobQueue, type Lease } from '../../queue/job-queue';
import { createCountingIds, openTestDb, tempDir } from '../../testing/test-db';
import { resolveParams, sha256Hex, type ResolvedParams } from '../../workflows';
import { createOutbox, type Outbox } from '../outbox';
import { sendJobToBroker } from '../send-to-broker';

export const WORKFLOWS_DIR = join(import.meta.dirname, '..', '..', '..', '..', 'workflows');

/**
 * A grey gradient (what an old print looks like to DDColor). PNG: one channel, small. TIFF: RGB and
 * uncompressed like a flatbed scan (3 bytes a pixel: 3700 × 3700 is 41 MB).
 */
export async function grayPhoto(width: number, height: number, format: 'png' | 'tiff' = 'png'): Promise<Buffer> {
  const channels = format === 'png' ? 1 : 3;
  const pixels = Buffer.alloc(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) pixels.fill((x * 7 + y * 3) % 256, (y * width + x) * channels, (y * width + x + 1) * channels);
  }
  const image = sharp(pixels, { raw: { width, height, channels } });
  return format === 'png' ? image.png().toBuffer() : image.tiff({ compression: 'none' }).toBuffer();
}

export interface AppFixture {
  dir: string;
  db: Db;
  queue: JobQueue;
  outbox: Outbox;
  workflows: WorkflowRegistry;
  installationId: string;
  /** A photo file + its row + a queued job for the workflow (default ddcolor-portrait). */
  addPhoto(bytes: Uint8Array, options?: { workflowId?: string; name?: string }): Promise<{ photoId: string; photoPath: string; sha256: string; name: string }>;
  /** Claims the next queued job and sends it to the broker (job row + outbox row in one transaction). */
  sendNext(): Promise<{ lease: Lease; taskId: string } | undefined>;
  /** addPhoto + sendNext. */
  sendPhoto(bytes: Uint8Array, options?: { workflowId?: string; name?: string }): Promise<{ lease: Lease; taskId: string; photoPath: string; sha256: string }>;
  /** Saves like the dispatcher: the file under out/, then the job succeeded, fenced. */
  save(lease: Lease, output: { bytes: Uint8Array; fileName: string }): Promise<void>;
  jobRow(jobId: string): { state: string; remote_prompt_id: string | null; backend_url: string | null; stage: string | null; progress: number; output_path: string | null; last_error_code: string | null };
  close(): void;
}

export async function createAppFixture(options: { now?: () => number } = {}): Promise<AppFixture> {
  const temp = tempDir('broker-app');
  const now = options.now ?? Date.now;
  const db = openTestDb(temp.path, now);
  const queue = createJobQueue({ db, now, randomId: randomUUID, random: () => 1, leaseMs: 10 * 60_000 });
  const outbox = createOutbox({ db, now });
  const workflows = await createWorkflowRegistry(WORKFLOWS_DIR);
  const ids = createCountingIds('photo');
  const installationId = `test-${randomUUID().slice(0, 8)}`;

  const fixture: AppFixture = {
    dir: temp.path,
    db,
    queue,
    outbox,
    workflows,
    installationId,
    async addPhoto(bytes, photoOptions = {}) {
      const photoId = ids();
      const name = photoOptions.name ?? `${photoId}.png`;
      const photoPath = join(temp.path, 'album', `${photoId}-${name}`);
      await writeFileAtomically(photoPath, bytes);
      const sha256 = sha256Hex(bytes);
      db.prepare(
        `INSERT INTO photos (id, sha256, source_path, name, rel_path, width, height, format, size_bytes, imported_at_ms)
         VALUES (?, ?, ?, ?, ?, 10, 10, 'png', ?, ?)`,
      ).run(photoId, sha256, photoPath, name, name, bytes.byteLength, now());
      const workflow = await workflows.get(photoOptions.workflowId ?? 'ddcolor-portrait');
      if (!workflow) throw new Error('workflow missing');
      const params = resolveParams(workflow, {});
      if (!params.ok) throw new Error(params.message);
      queue.enqueue({ photoId, idempotencyKey: `${sha256}:${workflow.id}`, workflowId: workflow.id, params: params.params });
      return { photoId, photoPath, sha256, name };
    },
    async sendNext() {
      const claimed = queue.claim(null);
      if (!claimed) return undefined;
      const photo = db.prepare(`SELECT source_path, sha256, name, size_bytes FROM photos WHERE id = ?`).get(claimed.photoId) as { source_path: string; sha256: string; name: string; size_bytes: number };
      const workflow = await workflows.get(claimed.workflowId);
      if (!workflow) throw new Error('workflow missing');
      const taskId = randomUUID();
      const sent = sendJobToBroker(
        { db, queue, outbox, now },
        {
          lease: claimed.lease,
          taskId,
          installationId,
          photo: { path: photo.source_path, sha256: photo.sha256, name: photo.name, sizeBytes: photo.size_bytes },
          workflow,
          params: claimed.params as ResolvedParams,
        },
      );
      if (!sent) throw new Error('lease lost before sending');
      return { lease: claimed.lease, taskId };
    },
    async sendPhoto(bytes, sendOptions = {}) {
      const photo = await fixture.addPhoto(bytes, sendOptions);
      const sent = await fixture.sendNext();
      if (!sent) throw new Error('nothing to claim');
      return { ...sent, photoPath: photo.photoPath, sha256: photo.sha256 };
    },
    async save(lease, output) {
      const path = join(temp.path, 'out', `${lease.jobId}-${output.fileName}`);
      if (!queue.planOutput(lease, path)) return;
      await writeFileAtomically(path, output.bytes);
      queue.succeed(lease);
    },
    jobRow: (jobId) => db.prepare(`SELECT * FROM jobs WHERE id = ?`).get(jobId) as ReturnType<AppFixture['jobRow']>,
    close() {
      db.close();
      temp.remove();
    },
  };
  return fixture;
}
