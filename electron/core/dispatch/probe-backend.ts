import type { BackendDto } from '../../shared/contract';
import type { ComfyClient } from '../comfy/client';
import { ComfyError } from '../comfy/errors';
import { missingNodes, type WorkflowDefinition } from '../workflows';

export interface BackendProbe {
  dto: BackendDto;
  missingNodesFor(workflow: WorkflowDefinition): string[];
}

/** Health (/system_stats) and capabilities (/object_info) of one backend, as the UI shows them. */
export async function probeBackend(
  client: ComfyClient,
  options: { signal: AbortSignal; now: () => number; workflow: WorkflowDefinition | undefined },
): Promise<BackendProbe> {
  const base: BackendDto = {
    url: client.baseUrl,
    state: 'offline',
    version: null,
    devices: [],
    missingNodes: [],
    message: null,
    checkedAtMs: options.now(),
  };
  try {
    const stats = await client.systemStats(options.signal);
    const objectInfo = await client.objectInfo(options.signal);
    const missingFor = (workflow: WorkflowDefinition) => missingNodes(workflow, objectInfo);
    const missing = options.workflow ? missingFor(options.workflow) : [];
    return {
      missingNodesFor: missingFor,
      dto: {
        ...base,
        state: missing.length > 0 ? 'incompatible' : 'online',
        version: stats.version,
        devices: stats.devices,
        missingNodes: missing,
        message: missing.length > 0 ? missing.map((n) => `node ${n} is not installed on ${client.baseUrl}`).join('; ') : null,
      },
    };
  } catch (error) {
    const message = error instanceof ComfyError || error instanceof Error ? error.message : String(error);
    return { missingNodesFor: () => [], dto: { ...base, message } };
  }
}
