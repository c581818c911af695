// A user's own API-format workflow (no manifest) → WorkflowDefinition. The photo goes into the
// graph's single LoadImage node; results come from its SaveImage nodes, or from its
// PreviewImage nodes when it has no SaveImage. It has no user params.
import { basename, extname } from 'node:path';
import { ApiPromptSchema, describeZodError } from './manifest';
import { canonicalJson, sha256Hex } from './canonical';
import { deepFreeze } from './from-manifest';
import { classTypes, danglingLinks, nodesOfClass } from './graph';
import { WorkflowError } from './errors';
import type { WorkflowDefinition } from './types';

/** The canvas format ("Save" in ComfyUI) rather than the API format ("Save (API Format)"). */
export function isUiFormat(json: unknown): boolean {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return false;
  const o = json as Record<string, unknown>;
  return Array.isArray(o['nodes']) && (Array.isArray(o['links']) || 'last_node_id' in o || 'definitions' in o);
}

export const UI_FORMAT_MESSAGE =
  "this is a UI-format workflow; export it with 'Save (API Format)' in ComfyUI and use that file instead";

export function definitionFromUserJson(json: unknown, path: string): WorkflowDefinition {
  const name = basename(path);
  if (isUiFormat(json)) {
    throw new WorkflowError(path, `${name}: ${UI_FORMAT_MESSAGE}`);
  }
  const parsed = ApiPromptSchema.safeParse(json);
  if (!parsed.success) {
    throw new WorkflowError(path, `${name} is not a ComfyUI API-format workflow: ${describeZodError(parsed.error)}`);
  }
  const graph = parsed.data;

  const loaders = nodesOfClass(graph, 'LoadImage');
  const [loader] = loaders;
  if (loader === undefined) {
    throw new WorkflowError(path, `${name} has no LoadImage node: Heirloom puts each photo into a LoadImage node's "image" input`);
  }
  if (loaders.length > 1) {
    throw new WorkflowError(
      path,
      `${name} has ${loaders.length} LoadImage nodes (${loaders.join(', ')}); Heirloom feeds one photo, so keep exactly one`,
    );
  }
  const saves = nodesOfClass(graph, 'SaveImage');
  const outputNodes = saves.length > 0 ? saves : nodesOfClass(graph, 'PreviewImage');
  if (outputNodes.length === 0) {
    throw new WorkflowError(path, `${name} has no SaveImage node: add one where the finished image comes out`);
  }
  const links = danglingLinks(graph);
  if (links.length > 0) throw new WorkflowError(path, `${name}: ${links.join('; ')}`);

  const title = basename(path, extname(path));
  return {
    id: `file:${name}`,
    title: { en: title, 'zh-CN': title },
    kind: 'custom',
    source: { type: 'file', path },
    template: deepFreeze(graph),
    templateHash: sha256Hex(canonicalJson(graph)),
    imageInput: { node: loader, input: 'image' },
    outputNodes,
    params: {},
    requires: { nodes: classTypes(graph), models: [] },
    // Heirloom cannot know what an arbitrary graph does to geometry or lightness.
    mode: { type: 'full' },
  };
}
