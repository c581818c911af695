import { resolve } from 'node:path';
import type { WorkflowDto } from '../../shared/contract';
import type { JobTemplate } from '../library/import-photos';
import {
  idempotencyKey,
  loadWorkflowFile,
  loadWorkflows,
  resolveParams,
  toWorkflowDto,
  type WorkflowDefinition,
} from '../workflows';

const FILE_PREFIX = 'file:';

/**
 * The shipped workflows (workflows/ folder) plus any user API-format file, addressed as
 * `file:<absolute path>` so a job remembers exactly which file it ran.
 */
export async function createWorkflowRegistry(dir: string) {
  const builtIn = new Map((await loadWorkflows(dir)).map((def) => [def.id, def] as const));
  const fromFiles = new Map<string, WorkflowDefinition>();

  async function get(id: string): Promise<WorkflowDefinition | undefined> {
    const known = builtIn.get(id) ?? fromFiles.get(id);
    if (known || !id.startsWith(FILE_PREFIX)) return known;
    const def = { ...(await loadWorkflowFile(id.slice(FILE_PREFIX.length))), id };
    fromFiles.set(id, def);
    return def;
  }

  return {
    get,
    list: (): WorkflowDto[] => [...builtIn.values(), ...fromFiles.values()].map(toWorkflowDto),
    /** Accepts a built-in id or a path to a user workflow file; returns the id to store. Throws with a clear message. */
    async resolveId(idOrPath: string): Promise<string> {
      if (builtIn.has(idOrPath)) return idOrPath;
      const id = idOrPath.startsWith(FILE_PREFIX) ? idOrPath : `${FILE_PREFIX}${resolve(idOrPath)}`;
      if (!idOrPath.endsWith('.json') && !idOrPath.startsWith(FILE_PREFIX)) {
        throw new Error(`Unknown workflow "${idOrPath}". Built-in workflows: ${[...builtIn.keys()].join(', ')}; or pass a path to an API-format .json file.`);
      }
      await get(id);
      return id;
    },
    /** What a newly imported photo is queued for: the workflow's defaults overridden by `params` (validated). */
    async jobTemplate(workflowId: string, params: Readonly<Record<string, unknown>> = {}): Promise<JobTemplate> {
      const def = await get(workflowId);
      if (!def) throw new Error(`Workflow ${workflowId} is not available.`);
      const resolved = resolveParams(def, params);
      if (!resolved.ok) throw Object.assign(new Error(`${def.id}: ${resolved.message}`), { code: 'invalid-parameters' });
      return {
        workflowId,
        params: resolved.params,
        idempotencyKey: (sha256) => idempotencyKey(sha256, def, resolved.params),
      };
    },
  };
}

export type WorkflowRegistry = Awaited<ReturnType<typeof createWorkflowRegistry>>;
