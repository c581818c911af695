// ComfyUI emulator (test infrastructure): ComfyUI's CLASSIC cache. Outputs and UI are keyed by an
// input signature (class, IS_CHANGED, inputs, ancestors' signatures — never the node id); node
// instances by (node id, class). set_prompt() drops every entry the new prompt cannot use, so only
// the previous prompt's results survive: re-running it is fully cached, A→B→A is not.
import type { NodeRegistry } from './node-registry';
import type { NodeInstance, RuntimeValue } from './node-types';
import type { Json, JsonObject } from './py';
import { hasOwn, isJsonObject } from './py';
import { isLink, nodeClassType, nodeInputs } from './execution-list';

export interface UiEntry {
  readonly meta: JsonObject;
  readonly output: JsonObject;
}

export interface KeyedCache<T> {
  get(nodeId: string): T | undefined;
  set(nodeId: string, value: T): void;
}

export interface NodeCaches {
  readonly outputs: KeyedCache<readonly RuntimeValue[]>;
  readonly ui: KeyedCache<UiEntry>;
  readonly objects: KeyedCache<NodeInstance>;
  /** set_prompt + clean_unused for the three caches. */
  setPrompt(signatures: ReadonlyMap<string, string>, prompt: JsonObject): void;
  /** PromptExecutor.reset() (POST /free {"free_memory": true}). */
  reset(): void;
}

function keyedCache<T>(): KeyedCache<T> & { rekey(keys: ReadonlyMap<string, string>): void; clear(): void } {
  const entries = new Map<string, T>();
  let keys: ReadonlyMap<string, string> = new Map();
  return {
    get: (nodeId) => {
      const key = keys.get(nodeId);
      return key === undefined ? undefined : entries.get(key);
    },
    set: (nodeId, value) => {
      const key = keys.get(nodeId);
      if (key !== undefined) entries.set(key, value);
    },
    rekey(next) {
      keys = next;
      const used = new Set(next.values());
      for (const key of [...entries.keys()]) if (!used.has(key)) entries.delete(key);
    },
    clear: () => entries.clear(),
  };
}

export function createNodeCaches(): NodeCaches {
  const outputs = keyedCache<readonly RuntimeValue[]>();
  const ui = keyedCache<UiEntry>();
  const objects = keyedCache<NodeInstance>();
  return {
    outputs,
    ui,
    objects,
    setPrompt(signatures, prompt) {
      outputs.rekey(signatures);
      ui.rekey(signatures);
      objects.rekey(new Map(Object.keys(prompt).map((id) => [id, JSON.stringify([id, nodeClassType(prompt, id)])])));
    },
    reset() {
      outputs.clear();
      ui.clear();
      objects.clear();
    },
  };
}

/** to_hashable: dicts compare as sorted items. */
function canonical(value: Json | undefined): string {
  if (value === undefined) return 'null';
  if (typeof value === 'number' && Number.isNaN(value)) return `"NaN:${Math.random()}"`; // NaN != NaN: never a hit
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isJsonObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** CacheKeySetInputSignature for every node of the prompt (is_changed already filled in). */
export function inputSignatures(prompt: JsonObject, registry: NodeRegistry): Map<string, string> {
  const immediate = (nodeId: string, order: ReadonlyMap<string, number>): Json => {
    if (!hasOwn(prompt, nodeId)) return [Number.NaN];
    const node = prompt[nodeId];
    const isChanged = isJsonObject(node) && hasOwn(node, 'is_changed') ? (node['is_changed'] ?? null) : false;
    const signature: Json[] = [nodeClassType(prompt, nodeId), isChanged];
    const inputs = nodeInputs(prompt, nodeId);
    for (const key of Object.keys(inputs).sort()) {
      const value = inputs[key] ?? null;
      signature.push(isLink(value) ? [key, ['ANCESTOR', order.get(value[0]) ?? -1, value[1]]] : [key, value]);
    }
    return signature;
  };
  const ancestry = (nodeId: string, ancestors: string[], order: Map<string, number>): void => {
    if (!hasOwn(prompt, nodeId)) return;
    const inputs = nodeInputs(prompt, nodeId);
    for (const key of Object.keys(inputs).sort()) {
      const value = inputs[key];
      if (isLink(value) && !order.has(value[0])) {
        ancestors.push(value[0]);
        order.set(value[0], ancestors.length - 1);
        ancestry(value[0], ancestors, order);
      }
    }
  };
  const out = new Map<string, string>();
  for (const nodeId of Object.keys(prompt)) {
    if (!registry.has(nodeClassType(prompt, nodeId))) continue;
    const ancestors: string[] = [];
    const order = new Map<string, number>();
    ancestry(nodeId, ancestors, order);
    out.set(nodeId, canonical([immediate(nodeId, order), ...ancestors.map((a) => immediate(a, order))]));
  }
  return out;
}
