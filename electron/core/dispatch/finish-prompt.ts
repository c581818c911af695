import type { ComfyClient } from '../comfy/client';
import { ComfyError } from '../comfy/errors';
import type { PromptOutcome } from '../comfy/status';
import type { WorkflowDefinition } from '../workflows';

/**
 * The images of a finished prompt's output node(s), downloaded; used when start-up recovery
 * finds a prompt that finished (or is still running) on its backend, so it is not run again.
 */
export async function downloadOutcome(
  client: ComfyClient,
  workflow: WorkflowDefinition,
  outcome: PromptOutcome,
  signal: AbortSignal,
): Promise<Uint8Array[]> {
  switch (outcome.status) {
    case 'success': {
      const refs = outcome.outputs.filter((ref) => workflow.outputNodes.includes(ref.nodeId));
      const images: Uint8Array[] = [];
      for (const ref of refs) images.push(await client.view(ref, signal));
      return images;
    }
    case 'error':
      throw new ComfyError({ kind: 'execution', nodeId: outcome.nodeId, nodeType: outcome.nodeType }, `ComfyUI at ${client.baseUrl} failed: ${outcome.message}`);
    case 'interrupted':
      throw new ComfyError({ kind: 'interrupted' }, `the prompt was interrupted on ComfyUI at ${client.baseUrl}`);
    default: {
      const exhaustive: never = outcome;
      return exhaustive;
    }
  }
}
