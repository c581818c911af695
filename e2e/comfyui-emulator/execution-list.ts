// ComfyUI emulator (test infrastructure): comfy_execution/graph.py ExecutionList — the topological
// dissolve that decides node order (cached inputs are not added; among ready nodes an output node
// goes first, then a node feeding an output, ...). Validated graphs are acyclic.
import type { NodeRegistry } from './node-registry';
import type { Json, JsonObject } from './py';
import { isJsonObject } from './py';

/** graph_utils.is_link: ["<node id>", <int|float>] */
export function isLink(value: Json | undefined): value is [string, number] {
  return Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'number';
}

export function nodeInputs(prompt: JsonObject, nodeId: string): JsonObject {
  const node = prompt[nodeId];
  const inputs = isJsonObject(node) ? node['inputs'] : undefined;
  return isJsonObject(inputs) ? inputs : {};
}

export function nodeClassType(prompt: JsonObject, nodeId: string): string {
  const node = prompt[nodeId];
  const classType = isJsonObject(node) ? node['class_type'] : undefined;
  return typeof classType === 'string' ? classType : '';
}

/** The outputs and everything they (transitively) link to. */
export function reachableNodes(prompt: JsonObject, outputs: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const stack = [...outputs];
  while (stack.length > 0) {
    const nodeId = stack.pop() ?? '';
    if (seen.has(nodeId)) continue;
    seen.add(nodeId);
    for (const value of Object.values(nodeInputs(prompt, nodeId))) if (isLink(value)) stack.push(value[0]);
  }
  return seen;
}

export interface ExecutionList {
  addNode(nodeId: string): void;
  isEmpty(): boolean;
  /** stage_node_execution: the next node to run. */
  stage(): string;
  /** complete_node_execution for the staged node. */
  complete(): void;
}

export function createExecutionList(prompt: JsonObject, registry: NodeRegistry, isCached: (nodeId: string) => boolean): ExecutionList {
  const pending = new Set<string>();
  const blockCount = new Map<string, number>();
  const blocking = new Map<string, Map<string, Set<number>>>();
  let staged: string | null = null;

  const isOutput = (nodeId: string): boolean => registry.get(nodeClassType(prompt, nodeId))?.outputNode === true;
  const blockedBy = (nodeId: string): string[] => [...(blocking.get(nodeId)?.keys() ?? [])];

  const addStrongLink = (from: string, socket: number, to: string): void => {
    if (isCached(from)) return;
    addNode(from);
    const targets = blocking.get(from) ?? new Map<string, Set<number>>();
    blocking.set(from, targets);
    if (!targets.has(to)) {
      targets.set(to, new Set());
      blockCount.set(to, (blockCount.get(to) ?? 0) + 1);
    }
    targets.get(to)?.add(socket);
  };

  function addNode(root: string): void {
    const stack = [root];
    const links: Array<[string, number, string]> = [];
    while (stack.length > 0) {
      const nodeId = stack.pop() ?? '';
      if (pending.has(nodeId)) continue;
      pending.add(nodeId);
      blockCount.set(nodeId, 0);
      blocking.set(nodeId, new Map());
      for (const value of Object.values(nodeInputs(prompt, nodeId))) {
        if (isLink(value) && !isCached(value[0])) {
          stack.push(value[0]);
          links.push([value[0], value[1], nodeId]);
        }
      }
    }
    for (const [from, socket, to] of links) addStrongLink(from, socket, to);
  }

  const pick = (ready: string[]): string => {
    const direct = ready.find(isOutput);
    if (direct !== undefined) return direct;
    const feedsOutput = ready.find((id) => blockedBy(id).some(isOutput));
    if (feedsOutput !== undefined) return feedsOutput;
    const twoAway = ready.find((id) => blockedBy(id).some((b) => blockedBy(b).some(isOutput)));
    return twoAway ?? ready[0] ?? '';
  };

  return {
    addNode,
    isEmpty: () => pending.size === 0,
    stage() {
      const ready = [...pending].filter((id) => blockCount.get(id) === 0);
      if (ready.length === 0) throw new Error('dependency cycle in a validated prompt');
      staged = pick(ready);
      return staged;
    },
    complete() {
      if (staged === null) return;
      pending.delete(staged);
      for (const blocked of blockedBy(staged)) blockCount.set(blocked, (blockCount.get(blocked) ?? 1) - 1);
      blocking.delete(staged);
      staged = null;
    },
  };
}
