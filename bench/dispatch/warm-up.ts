// One throwaway prompt per fresh emulator before the clock starts, for every run alike: a new
// process's first prompt is slow (JIT, image libraries loading; a real ComfyUI's too), and that
// is the server starting, not the client scheduling.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import sharp from 'sharp';
import { createComfyClient } from '../../electron/core/comfy/client';
import { runPromptOnBackend } from '../../electron/core/comfy/run-prompt';
import { loadWorkflows } from '../../electron/core/workflows';

const WORKFLOWS = join(import.meta.dirname, '..', '..', 'workflows');

export async function warmUp(urls: readonly string[], modelSize: number): Promise<void> {
  const workflow = (await loadWorkflows(WORKFLOWS)).find((w) => w.id === 'ddcolor-portrait');
  if (!workflow) throw new Error('workflow ddcolor-portrait is missing');
  await Promise.all(
    urls.map(async (url, i) => {
      const client = createComfyClient({ baseUrl: url, clientId: randomUUID() });
      try {
        const bytes = await sharp(Buffer.alloc(32 * 24, 90 + i), { raw: { width: 32, height: 24, channels: 1 } }).jpeg().toBuffer();
        await runPromptOnBackend({ client, workflow, params: { size: modelSize }, image: { bytes, fileName: 'warm-up.jpg' }, promptId: randomUUID() });
      } finally {
        client.close();
      }
    }),
  );
}
