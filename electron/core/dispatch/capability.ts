// Can this backend run this job? The workflow's manifest names the node classes and model files
// it needs; the backend's /object_info says which nodes it has and which choices each model input
// offers. Pure functions over those two, so routing is table-tested without a server.
import { comboOptions, missingNodes, resolveParams, type ObjectInfoLike, type ResolvedParams, type WorkflowDefinition } from '../workflows';

export type Shortfall =
  | { kind: 'node'; nodeType: string }
  /** The job's model file (a param's value) is not among the choices of `nodeType.input` there. */
  | { kind: 'model'; model: string; nodeType: string; input: string };

/** What the backend lacks to run `def` with these (resolved) params; [] when it can run it. */
export function shortfalls(def: WorkflowDefinition, params: ResolvedParams, objectInfo: ObjectInfoLike): Shortfall[] {
  const missing: Shortfall[] = missingNodes(def, objectInfo).map((nodeType) => ({ kind: 'node', nodeType }));
  for (const model of def.requires.models) {
    const value = params[model.from];
    const node = objectInfo[model.node];
    if (typeof value !== 'string' || !node) continue;
    const options = comboOptions(node.input?.required?.[model.input] ?? node.input?.optional?.[model.input]);
    if (options && !options.includes(value)) missing.push({ kind: 'model', model: value, nodeType: model.node, input: model.input });
  }
  return missing;
}

/** "node DDColor_Colorize is not installed on http://a:8188; model x.pth (DDColor_Colorize.checkpoint) is not available on http://a:8188" */
export function describeShortfalls(url: string, missing: readonly Shortfall[]): string {
  return missing
    .map((s) => (s.kind === 'node' ? `node ${s.nodeType} is not installed on ${url}` : `model ${s.model} (${s.nodeType}.${s.input}) is not available on ${url}`))
    .join('; ');
}

/** The choices a backend offers for the model inputs of these workflows (e.g. DDColor checkpoints), sorted. */
export function modelChoices(defs: readonly WorkflowDefinition[], objectInfo: ObjectInfoLike): string[] {
  const choices = new Set<string>();
  for (const def of defs) {
    for (const model of def.requires.models) {
      const node = objectInfo[model.node];
      for (const option of comboOptions(node?.input?.required?.[model.input] ?? node?.input?.optional?.[model.input]) ?? []) choices.add(option);
    }
  }
  return [...choices].sort();
}

export type JobFit = { kind: 'runs' } | { kind: 'lacks'; missing: Shortfall[] } | { kind: 'invalid'; message: string };

/** A queued job against one backend: runs there, lacks something there, or is invalid everywhere. */
export function jobFit(def: WorkflowDefinition, params: Readonly<Record<string, unknown>>, objectInfo: ObjectInfoLike): JobFit {
  const resolved = resolveParams(def, params);
  if (!resolved.ok) return { kind: 'invalid', message: resolved.message };
  const missing = shortfalls(def, resolved.params, objectInfo);
  return missing.length === 0 ? { kind: 'runs' } : { kind: 'lacks', missing };
}
