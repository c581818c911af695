// Can this backend run this workflow? Compares the workflow's needs with the backend's
// /object_info. Kept structural (ObjectInfoLike) so this folder does not depend on comfy/.
import type { ResolvedParams, WorkflowDefinition } from './types';

/** The part of one /object_info entry we read: input specs by name. */
export interface NodeInfoLike {
  input?: { required?: Record<string, unknown>; optional?: Record<string, unknown> };
}
export type ObjectInfoLike = Readonly<Record<string, NodeInfoLike | undefined>>;

/** Node classes the workflow uses that the backend does not have, sorted. */
export function missingNodes(def: WorkflowDefinition, objectInfo: ObjectInfoLike): string[] {
  return def.requires.nodes.filter((type) => !objectInfo[type]).sort();
}

/**
 * Model files the params select that the backend does not offer (e.g. a checkpoint name that is
 * not in the node's combo list). A node the backend lacks is missingNodes' business, and an input
 * that is not a combo cannot be checked, so neither counts here.
 */
export function missingModels(def: WorkflowDefinition, objectInfo: ObjectInfoLike, params: ResolvedParams): string[] {
  const missing = new Set<string>();
  for (const model of def.requires.models) {
    const value = params[model.from];
    const node = objectInfo[model.node];
    if (typeof value !== 'string' || !node) continue;
    const options = comboOptions(node.input?.required?.[model.input] ?? node.input?.optional?.[model.input]);
    if (options && !options.includes(value)) missing.add(value);
  }
  return [...missing].sort();
}

/**
 * The choices of a combo input spec, or undefined when the spec is not a combo. Two shapes exist
 * (ComfyUI execution.py accepts both): legacy `[["a", "b"], {...}]` and V3 `["COMBO", {"options": ["a", "b"]}]`.
 */
export function comboOptions(spec: unknown): string[] | undefined {
  if (!Array.isArray(spec)) return undefined;
  const [head, opts] = spec as unknown[];
  if (Array.isArray(head)) return head.filter((v): v is string => typeof v === 'string');
  if (head === 'COMBO' && opts !== null && typeof opts === 'object' && 'options' in opts && Array.isArray(opts.options)) {
    return (opts.options as unknown[]).filter((v): v is string => typeof v === 'string');
  }
  return undefined;
}
