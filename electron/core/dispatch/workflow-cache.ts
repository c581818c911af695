// Workflow definitions by id, readable synchronously: a claim's filter runs inside a SQLite
// transaction, where nothing may wait. A definition not loaded yet is loaded in the background
// (the caller is told when), and a workflow that cannot be loaded is remembered as missing.
import type { WorkflowRegistry } from '../api/workflow-registry';
import type { WorkflowDefinition } from '../workflows';

export type WorkflowCache = ReturnType<typeof createWorkflowCache>;

export function createWorkflowCache(registry: Pick<WorkflowRegistry, 'get' | 'list'>, onLoaded: () => void) {
  const defs = new Map<string, WorkflowDefinition | null>();
  const loading = new Map<string, Promise<WorkflowDefinition | undefined>>();

  function load(id: string): Promise<WorkflowDefinition | undefined> {
    const known = defs.get(id);
    if (known !== undefined) return Promise.resolve(known ?? undefined);
    let pending = loading.get(id);
    if (!pending) {
      pending = registry
        .get(id)
        .catch(() => undefined)
        .then((def) => {
          defs.set(id, def ?? null);
          loading.delete(id);
          onLoaded();
          return def;
        });
      loading.set(id, pending);
    }
    return pending;
  }

  return {
    load,
    /** Loaded: the definition, or null when it is not available. Not yet: undefined (and loading starts). */
    peek(id: string): WorkflowDefinition | null | undefined {
      const known = defs.get(id);
      if (known === undefined) void load(id);
      return known;
    },
    /** Every definition loaded so far (the built-in ones once preload() resolved). */
    known(): WorkflowDefinition[] {
      return [...defs.values()].filter((def): def is WorkflowDefinition => def !== null);
    },
    async preload(): Promise<void> {
      await Promise.all(registry.list().map((dto) => load(dto.id)));
    },
  };
}
