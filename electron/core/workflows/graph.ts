// Structural facts about an API-format graph that both loaders check.
import type { ApiPrompt } from './types';

/** ComfyUI's own link test (comfy_execution/graph_utils.is_link): `["<node id>", <number>]`. */
export function isLink(value: unknown): value is [string, number] {
  return Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'number';
}

/** Node ids in a stable, human order ("2" before "10"). */
export function sortedNodeIds(graph: ApiPrompt): string[] {
  return Object.keys(graph).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

/** Every class_type in the graph, sorted and unique. */
export function classTypes(graph: ApiPrompt): string[] {
  return [...new Set(Object.values(graph).map((node) => node.class_type))].sort();
}

/** Problems with links that point at nodes the graph does not have. */
export function danglingLinks(graph: ApiPrompt): string[] {
  const problems: string[] = [];
  for (const id of sortedNodeIds(graph)) {
    const node = graph[id];
    if (!node) continue;
    for (const [input, value] of Object.entries(node.inputs)) {
      if (isLink(value) && !Object.hasOwn(graph, value[0])) {
        problems.push(`node ${id} (${node.class_type}) input "${input}" links to node ${value[0]}, which does not exist`);
      }
    }
  }
  return problems;
}

export function nodesOfClass(graph: ApiPrompt, classType: string): string[] {
  return sortedNodeIds(graph).filter((id) => graph[id]?.class_type === classType);
}
