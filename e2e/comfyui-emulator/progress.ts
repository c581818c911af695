// ComfyUI emulator (test infrastructure): comfy_execution/progress.py's registry and its WebUI
// handler — every start/update/finish sends one "progress_state" with all non-pending nodes.
import type { JsonObject } from './py';

type NodeState = 'running' | 'finished';

export interface ProgressRegistry {
  start(nodeId: string): void;
  update(nodeId: string, value: number, max: number): void;
  finish(nodeId: string): void;
}

export function createProgressRegistry(promptId: string, send: (data: JsonObject) => void): ProgressRegistry {
  const nodes = new Map<string, { state: NodeState; value: number; max: number }>();
  const publish = (): void => {
    const active: JsonObject = {};
    for (const [nodeId, entry] of nodes) {
      active[nodeId] = {
        value: entry.value,
        max: entry.max,
        state: entry.state,
        node_id: nodeId,
        prompt_id: promptId,
        display_node_id: nodeId,
        parent_node_id: null,
        real_node_id: nodeId,
      };
    }
    send({ prompt_id: promptId, nodes: active });
  };
  return {
    start(nodeId) {
      nodes.set(nodeId, { state: 'running', value: 0, max: 1 });
      publish();
    },
    update(nodeId, value, max) {
      nodes.set(nodeId, { state: 'running', value, max });
      publish();
    },
    finish(nodeId) {
      const entry = nodes.get(nodeId) ?? { state: 'running', value: 0, max: 1 };
      nodes.set(nodeId, { state: 'finished', value: entry.max, max: entry.max });
      publish();
    },
  };
}
