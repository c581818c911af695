// The rebuild's own cost, away from the pipeline: decode the small result, take its chroma,
// rebuild at full size (what runChroma's rebuildMs covers), with nothing else running in this
// process. Wall and CPU time: on a box shared with other jobs the CPU time is the steadier one.
import { randomUUID } from 'node:crypto';
import { chromaFromResult, decodePixels, rebuildFromChroma, runChroma } from '../../electron/core/colorize';
import type { ComfyClient } from '../../electron/core/comfy';
import type { WorkflowDefinition } from '../../electron/core/workflows';
import { median } from '../lib/stats';
import type { AlbumPhoto } from './album';

export interface RebuildCost {
  wallMs: number;
  cpuMs: number;
}

export async function measureRebuildAlone(client: ComfyClient, workflow: WorkflowDefinition, photo: AlbumPhoto, repeats: number): Promise<RebuildCost> {
  const original = { bytes: photo.bytes, fileName: photo.name };
  const { promptId } = await runChroma({ client, workflow, params: {}, original, promptId: randomUUID(), pollIntervalMs: 250 });
  const status = await client.promptStatus(promptId);
  const ref = typeof status === 'object' && status.done.status === 'success' ? status.done.outputs.find((r) => workflow.outputNodes.includes(r.nodeId)) : undefined;
  if (!ref) throw new Error(`the chroma prompt for ${photo.name} left no result in history`);
  const small = await client.view(ref);
  const pixels = await decodePixels(photo.bytes, photo.name);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    rebuildFromChroma(pixels, chromaFromResult(await decodePixels(small, ref.filename)));
    wall.push(performance.now() - started);
    const used = process.cpuUsage(cpuBefore);
    cpu.push((used.user + used.system) / 1000);
  }
  return { wallMs: median(wall), cpuMs: median(cpu) };
}
