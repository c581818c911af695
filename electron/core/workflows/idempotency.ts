// The identity of "this photo through this workflow with these params": equal keys mean the
// result would be the same, so a second job is a duplicate. The template hash is in it, so
// editing a workflow's template makes earlier results count as different.
import { canonicalJson, sha256Hex } from './canonical';
import type { ResolvedParams, WorkflowDefinition } from './types';

export function idempotencyKey(photoSha256: string, def: WorkflowDefinition, params: ResolvedParams): string {
  return sha256Hex(canonicalJson({ photo: photoSha256, workflow: def.id, template: def.templateHash, params }));
}
