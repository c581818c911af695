// ComfyUI emulator (test infrastructure): PromptExecutor.execute_async + execute() of ComfyUI
// 0.3.64. Message order per prompt (RECORDED 4.4/4.6):
//   execution_start → execution_cached → per node: progress_state(running) → executing →
//   [executed] → progress_state(finished) → execution_success | execution_error |
//   execution_interrupted. (status and executing{node:null} follow from the worker.)
// Per-prompt events go to the prompt's client_id only; without one nobody gets them, except
// progress_state/progress and execution_interrupted which ComfyUI then broadcasts.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Gate, InterruptSwitch } from './control';
import { InterruptProcessing } from './control';
import type { NodeCaches } from './node-cache';
import { inputSignatures } from './node-cache';
import { createExecutionList, isLink, nodeClassType, nodeInputs, reachableNodes } from './execution-list';
import type { NodeRegistry } from './node-registry';
import type { DataDirs, NodeArg, NodeClass, NodeContext, NodeInstance } from './node-types';
import type { QueueItem } from './prompt-queue';
import { createProgressRegistry } from './progress';
import type { ProgressRegistry } from './progress';
import type { Json, JsonObject } from './py';
import { PyException, hasOwn, isJsonObject, pyRepr } from './py';
import type { WsHub } from './ws-hub';

/** The PromptServer attributes the executor and the WebSocket hub share. */
export interface ExecState {
  /** server.client_id: the running prompt's client_id (any JSON value), null when it has none. */
  clientId: Json;
  /** server.last_node_id: replayed to a reconnecting client. */
  lastNodeId: string | null;
}

export interface ExecutorDeps {
  readonly registry: NodeRegistry;
  readonly dirs: DataDirs;
  readonly hub: WsHub;
  readonly exec: ExecState;
  readonly caches: NodeCaches;
  readonly interrupt: InterruptSwitch;
  readonly gate: Gate;
  /**
   * The emulated GPU time of a prompt that runs nodes, as a client sees it: from the worker taking
   * the prompt to executing{node: null}. The slowest node (DDColor, else the first node that runs)
   * sleeps for what is left of it after the emulator's own work before it and, as measured on the
   * previous prompt (`pacing`), after it — so benchmarks measure the client, not the image code.
   */
  readonly serviceTimeMs: number;
  readonly pacing: Pacing;
  readonly outputNameOverride: () => string | null;
  /** Aborted by kill(): execution stops where it is, nothing more is written or sent. */
  readonly signal: AbortSignal;
  readonly log: (line: string) => void;
}

/** How long the emulator's own work after the service sleep took (smoothed), and when the sleep ended. */
export interface Pacing {
  tailMs: number;
  serviceEndedAt: number | null;
}

export interface ExecutionOutcome {
  readonly success: boolean;
  /** Whether any node actually ran (false for a fully cached prompt). */
  readonly ranNodes: boolean;
  readonly messages: Array<[string, JsonObject]>;
  readonly outputs: JsonObject;
  readonly meta: JsonObject;
}

type NodeOutcome =
  | { readonly kind: 'success' }
  | { readonly kind: 'interrupted'; readonly nodeId: string }
  | { readonly kind: 'error'; readonly nodeId: string; readonly details: JsonObject };

const NODE_TRACEBACK = [
  '  File "/ComfyUI/execution.py", line 496, in execute\n    output_data, output_ui, has_subgraph, has_pending_tasks = await get_output_data(prompt_id, unique_id, obj, input_data_all, execution_block_cb=execution_block_cb, pre_execute_cb=pre_execute_cb, hidden_inputs=hidden_inputs)\n',
  '  File "/ComfyUI/execution.py", line 315, in get_output_data\n    return_values = await _async_map_node_over_list(prompt_id, unique_id, obj, input_data_all, obj.FUNCTION, allow_interrupt=True, execution_block_cb=execution_block_cb, pre_execute_cb=pre_execute_cb, hidden_inputs=hidden_inputs)\n',
  '  File "/ComfyUI/execution.py", line 289, in _async_map_node_over_list\n    await process_inputs(input_dict, i)\n',
  '  File "/ComfyUI/execution.py", line 277, in process_inputs\n    result = f(**inputs)\n',
];

/** IsChangedCache: evaluated for every node with IS_CHANGED, written into the prompt node. */
async function fillIsChanged(prompt: JsonObject, deps: ExecutorDeps): Promise<void> {
  for (const [nodeId, node] of Object.entries(prompt)) {
    const cls = deps.registry.get(nodeClassType(prompt, nodeId));
    if (!cls?.isChanged || !isJsonObject(node) || hasOwn(node, 'is_changed')) continue;
    try {
      node['is_changed'] = [await cls.isChanged(nodeInputs(prompt, nodeId), deps.dirs)];
    } catch (error) {
      deps.log(`WARNING: ${(error as Error).message}`);
      node['is_changed'] = Number.NaN;
    }
  }
}

/** format_value over get_input_data's result, for execution_error.current_inputs. */
function formatInputs(args: ReadonlyMap<string, NodeArg>, cls: NodeClass, prompt: JsonObject, extraPngInfo: Json | undefined): JsonObject {
  const out: JsonObject = {};
  for (const [name, arg] of args) {
    if (arg.kind === 'link') {
      out[name] = arg.value.kind === 'IMAGE' ? [`tensor(shape=[1, ${arg.value.height}, ${arg.value.width}, 3], dtype=torch.float32)`] : [`tensor(shape=[1, ${arg.value.height}, ${arg.value.width}])`];
    } else {
      const v = arg.value;
      out[name] = [v === null || typeof v !== 'object' ? v : pyRepr(v)];
    }
  }
  const hidden = cls.inputTypes([]).hidden ?? {};
  if (hasOwn(hidden, 'prompt')) out['prompt'] = [pyRepr(prompt)];
  if (hasOwn(hidden, 'extra_pnginfo')) out['extra_pnginfo'] = [extraPngInfo === undefined || extraPngInfo === null ? null : pyRepr(extraPngInfo)];
  return out;
}

function resolveArgs(prompt: JsonObject, nodeId: string, cls: NodeClass, caches: NodeCaches): Map<string, NodeArg> {
  const declared = cls.inputTypes([]).required;
  const args = new Map<string, NodeArg>();
  for (const [name, value] of Object.entries(nodeInputs(prompt, nodeId))) {
    if (!hasOwn(declared as JsonObject, name)) continue;
    if (isLink(value)) {
      const produced = caches.outputs.get(value[0])?.[value[1]];
      if (produced !== undefined) args.set(name, { kind: 'link', value: produced });
    } else {
      args.set(name, { kind: 'literal', value });
    }
  }
  return args;
}

/** `startedAt`: when the worker took the prompt (performance.now()). */
export async function executePrompt(item: QueueItem, deps: ExecutorDeps, startedAt = performance.now()): Promise<ExecutionOutcome> {
  const { hub, exec, registry, caches, interrupt, signal } = deps;
  const promptId = item.promptId;
  const prompt = item.prompt;
  interrupt.reset();
  exec.clientId = hasOwn(item.extraData, 'client_id') ? (item.extraData['client_id'] ?? null) : null;

  const messages: Array<[string, JsonObject]> = [];
  const addMessage = (event: string, data: JsonObject, broadcast: boolean): void => {
    const stamped = { ...data, timestamp: Date.now() };
    messages.push([event, stamped]);
    if (exec.clientId !== null || broadcast) hub.send(event, stamped, exec.clientId);
  };
  const toClient = (event: string, data: JsonObject): void => {
    if (exec.clientId !== null) hub.send(event, data, exec.clientId);
  };

  addMessage('execution_start', { prompt_id: promptId }, false);
  const progress = createProgressRegistry(promptId, (data) => hub.send('progress_state', data, exec.clientId));
  await fillIsChanged(prompt, deps);
  signal.throwIfAborted();
  caches.setPrompt(inputSignatures(prompt, registry), prompt);
  addMessage('execution_cached', { nodes: Object.keys(prompt).filter((id) => caches.outputs.get(id) !== undefined), prompt_id: promptId }, false);

  const executed = new Set<string>();
  const list = createExecutionList(prompt, registry, (id) => caches.outputs.get(id) !== undefined);
  for (const output of item.outputs) list.addNode(output);
  const serviceInDdcolor = [...reachableNodes(prompt, item.outputs)].some((id) => nodeClassType(prompt, id) === 'DDColor_Colorize' && caches.outputs.get(id) === undefined);
  let serviceSpent = false;
  let ranNodes = false;
  let success = true;
  let failed = false;

  const runNode = async (nodeId: string, cls: NodeClass): Promise<NodeOutcome> => {
    const cachedOutputs = caches.outputs.get(nodeId);
    if (cachedOutputs !== undefined) {
      toClient('executed', { node: nodeId, display_node: nodeId, output: caches.ui.get(nodeId)?.output ?? null, prompt_id: promptId });
      progress.finish(nodeId);
      return { kind: 'success' };
    }
    let args: Map<string, NodeArg> | null = null;
    const extraPngInfo = item.extraData['extra_pnginfo'];
    try {
      progress.start(nodeId);
      args = resolveArgs(prompt, nodeId, cls, caches);
      if (exec.clientId !== null) {
        exec.lastNodeId = nodeId;
        hub.send('executing', { node: nodeId, display_node: nodeId, prompt_id: promptId }, exec.clientId);
      }
      ranNodes = true;
      let instance: NodeInstance | undefined = caches.objects.get(nodeId);
      if (instance === undefined) {
        instance = cls.newInstance?.() ?? { prefixAppend: '' };
        caches.objects.set(nodeId, instance);
      }
      if (interrupt.requested()) throw new InterruptProcessing();
      const spendHere = !serviceSpent && (serviceInDdcolor ? cls.classType === 'DDColor_Colorize' : true);
      if (spendHere && deps.serviceTimeMs > 0) {
        serviceSpent = true;
        const left = deps.serviceTimeMs - (performance.now() - startedAt) - deps.pacing.tailMs;
        await sleep(Math.max(0, left), undefined, { signal: AbortSignal.any([signal, interrupt.signal()]) });
        deps.pacing.serviceEndedAt = performance.now();
      }
      const ctx = nodeContext(nodeId, instance, extraPngInfo, progress);
      const result = await cls.run(args, ctx);
      signal.throwIfAborted();
      if (result.ui !== null) {
        caches.ui.set(nodeId, { meta: { node_id: nodeId, display_node: nodeId, parent_node: null, real_node_id: nodeId }, output: result.ui });
        toClient('executed', { node: nodeId, display_node: nodeId, output: result.ui, prompt_id: promptId });
      }
      caches.outputs.set(nodeId, result.outputs);
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      if (error instanceof InterruptProcessing || interrupt.requested()) {
        deps.log('Processing interrupted');
        return { kind: 'interrupted', nodeId };
      }
      const ex = error instanceof PyException ? error : new PyException('Exception', (error as Error).message);
      deps.log(`!!! Exception during processing !!! ${ex.message}`);
      return {
        kind: 'error',
        nodeId,
        details: {
          exception_message: `${ex.message}\n`,
          exception_type: ex.pyType,
          traceback: NODE_TRACEBACK,
          current_inputs: args === null ? {} : formatInputs(args, cls, prompt, extraPngInfo),
        },
      };
    }
    progress.finish(nodeId);
    executed.add(nodeId);
    return { kind: 'success' };
  };

  const nodeContext = (nodeId: string, instance: NodeInstance, extraPngInfo: Json | undefined, reg: ProgressRegistry): NodeContext => ({
    nodeId,
    dirs: deps.dirs,
    instance,
    prompt,
    extraPngInfo,
    signal,
    outputNameOverride: deps.outputNameOverride(),
    async progress(value, max, previewPng) {
      // The ProgressBar hook: interrupt check, progress_state, preview frame(s), "progress".
      if (interrupt.requested()) throw new InterruptProcessing();
      reg.update(nodeId, value, max);
      const modern = previewPng !== null && hub.supportsPreviewMetadata(exec.clientId);
      if (previewPng !== null && modern) {
        const meta = { node_id: nodeId, prompt_id: promptId, display_node_id: nodeId, parent_node_id: null, real_node_id: nodeId, image_type: 'image/png' };
        hub.sendPreviewWithMetadata(previewPng, meta, exec.clientId);
      }
      hub.send('progress', { value, max, prompt_id: promptId, node: nodeId }, exec.clientId);
      if (previewPng !== null && !modern) hub.sendPreview(previewPng, exec.clientId);
    },
  });

  while (!list.isEmpty()) {
    await deps.gate.wait(signal);
    const nodeId = list.stage();
    const cls = registry.get(nodeClassType(prompt, nodeId));
    if (!cls) throw new Error(`validated prompt references unknown node ${nodeId}`);
    const outcome = await runNode(nodeId, cls);
    success = outcome.kind === 'success';
    if (outcome.kind === 'success') {
      list.complete();
      continue;
    }
    failed = true;
    const base = { prompt_id: promptId, node_id: outcome.nodeId, node_type: nodeClassType(prompt, outcome.nodeId), executed: [...executed] };
    switch (outcome.kind) {
      case 'interrupted':
        addMessage('execution_interrupted', base, true);
        break;
      case 'error':
        addMessage('execution_error', { ...base, ...outcome.details, current_outputs: Object.keys(prompt) }, false);
        break;
      default: {
        const unreachable: never = outcome;
        throw new Error(`unknown outcome ${JSON.stringify(unreachable)}`);
      }
    }
    break;
  }
  if (!failed) addMessage('execution_success', { prompt_id: promptId }, false);

  const outputs: JsonObject = {};
  const meta: JsonObject = {};
  for (const nodeId of Object.keys(prompt)) {
    const ui = caches.ui.get(nodeId);
    if (ui === undefined) continue;
    outputs[nodeId] = ui.output;
    meta[nodeId] = ui.meta;
  }
  exec.lastNodeId = null;
  return { success, ranNodes, messages, outputs, meta };
}
