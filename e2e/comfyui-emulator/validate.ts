// ComfyUI emulator (test infrastructure): execution.py validate_prompt / validate_inputs of
// ComfyUI 0.3.64, line for line where it shows in the answer (error types, messages, details,
// node_errors with dependent_outputs). Converted widget values are written back into the prompt,
// as ComfyUI does (so history shows width 64, not "64"). Any other exception escapes to a 500.
import type { NodeRegistry } from './node-registry';
import type { DataDirs, NodeClass } from './node-types';
import type { Json, JsonObject } from './py';
import { PyException, hasOwn, isJsonObject, pyBool, pyEquals, pyFloat, pyFloatRepr, pyInt, pyRepr, pyStr, pyTypeName } from './py';

export interface PromptError {
  readonly type: string;
  readonly message: string;
  readonly details: string;
  readonly extra_info: JsonObject;
}

export interface NodeErrorEntry {
  errors: PromptError[];
  dependent_outputs: string[];
  class_type: Json;
}

export type ValidationOutcome =
  | { readonly ok: true; readonly outputs: string[]; readonly nodeErrors: Record<string, NodeErrorEntry> }
  | { readonly ok: false; readonly error: PromptError; readonly nodeErrors: Record<string, NodeErrorEntry> };

export interface ValidationEnv {
  readonly registry: NodeRegistry;
  readonly dirs: DataDirs;
  /** LoadImage's combo list for this request. */
  readonly inputFiles: readonly string[];
}

type NodeResultTuple = readonly [valid: boolean, errors: PromptError[]];

const TRACEBACK_VALIDATE_PROMPT = '  File "/ComfyUI/execution.py", line 1010, in validate_prompt\n    m = await validate_inputs(prompt_id, prompt, o, validated)\n';
const TRACEBACK_INNER = '  File "/ComfyUI/execution.py", line 808, in validate_inputs\n    r = await validate_inputs(prompt_id, prompt, o_id, validated)\n';
const TRACEBACK_LINK = '  File "/ComfyUI/execution.py", line 788, in validate_inputs\n    o_class_type = prompt[o_id][\'class_type\']\n';

function promptError(type: string, message: string, details: string, extraInfo: JsonObject = {}): PromptError {
  return { type, message, details, extra_info: extraInfo };
}

/** `x in container` for the partial_execution_targets value. */
function partialIncludes(targets: Json | undefined, nodeId: string): boolean {
  if (targets === undefined || targets === null) return true;
  if (typeof targets === 'string') return targets.includes(nodeId);
  if (Array.isArray(targets)) return targets.some((t) => pyEquals(t, nodeId));
  if (isJsonObject(targets)) return hasOwn(targets, nodeId);
  throw new PyException('TypeError', `argument of type '${pyTypeName(targets)}' is not iterable`);
}

/** RETURN_TYPES[index] with Python tuple indexing rules. */
function returnTypeAt(types: readonly string[], index: Json | undefined): string {
  const i = typeof index === 'boolean' ? Number(index) : index;
  if (typeof i !== 'number' || !Number.isInteger(i)) {
    throw new PyException('TypeError', `tuple indices must be integers or slices, not ${pyTypeName(index)}`);
  }
  const type = types[i < 0 ? types.length + i : i];
  if (type === undefined) throw new PyException('IndexError', 'tuple index out of range');
  return type;
}

/** comfy_execution.validation.validate_node_input (non-strict). */
function validateNodeInput(received: string, input: Json | undefined): boolean {
  if (received === input) return true;
  if (typeof input !== 'string') return false;
  const receivedTypes = new Set(received.split(',').map((t) => t.trim()));
  const inputTypes = input.split(',').map((t) => t.trim());
  if (receivedTypes.has('*') || inputTypes.includes('*')) return true;
  return inputTypes.some((t) => receivedTypes.has(t));
}

function classOf(prompt: JsonObject, nodeId: string, registry: NodeRegistry): NodeClass {
  const node = prompt[nodeId];
  const classType = isJsonObject(node) ? node['class_type'] : undefined;
  const cls = typeof classType === 'string' ? registry.get(classType) : undefined;
  if (!cls) throw new PyException('KeyError', pyRepr(classType ?? null));
  return cls;
}

/** str(value) for a converted widget value: floats keep their ".0". */
function formatValue(value: Json, inputType: Json | undefined): string {
  return inputType === 'FLOAT' && typeof value === 'number' ? pyFloatRepr(value) : pyStr(value);
}

function convert(inputType: Json | undefined, value: Json): Json {
  if (inputType === 'INT') return pyInt(value);
  if (inputType === 'FLOAT') return pyFloat(value);
  if (inputType === 'STRING') return pyStr(value);
  if (inputType === 'BOOLEAN') return pyBool(value);
  return value;
}

async function validateInputs(
  prompt: JsonObject,
  nodeId: string,
  validated: Map<string, NodeResultTuple>,
  visiting: Set<string>,
  env: ValidationEnv,
): Promise<NodeResultTuple> {
  const known = validated.get(nodeId);
  if (known) return known;
  // A cycle makes ComfyUI recurse until Python gives up; report it the same way, without the wait.
  if (visiting.has(nodeId)) throw new PyException('RecursionError', 'maximum recursion depth exceeded');
  visiting.add(nodeId);
  try {
    const node = prompt[nodeId];
    if (!isJsonObject(node) || !hasOwn(node, 'inputs')) throw new PyException('KeyError', "'inputs'");
    const inputs = node['inputs'];
    if (!isJsonObject(inputs)) throw new PyException('TypeError', `'${pyTypeName(inputs)}' object is not subscriptable`);
    const cls = classOf(prompt, nodeId, env.registry);
    const validateArgs = cls.validateInputs?.args ?? [];
    const errors: PromptError[] = [];
    let valid = true;

    for (const [name, spec] of Object.entries(cls.inputTypes(env.inputFiles).required)) {
      const inputType = spec[0];
      const extra: JsonObject = isJsonObject(spec[1]) ? spec[1] : {};
      const info: Json = [inputType ?? null, extra];
      if (!hasOwn(inputs, name)) {
        errors.push(promptError('required_input_missing', 'Required input is missing', name, { input_name: name }));
        continue;
      }
      let value: Json = inputs[name] ?? null;
      if (Array.isArray(value)) {
        if (value.length !== 2) {
          errors.push(
            promptError('bad_linked_input', 'Bad linked input, must be a length-2 list of [node_id, slot_index]', name, {
              input_name: name,
              input_config: info,
              received_value: value,
            }),
          );
          continue;
        }
        const sourceId = value[0] ?? null;
        if (Array.isArray(sourceId) || isJsonObject(sourceId)) throw new PyException('TypeError', `unhashable type: '${pyTypeName(sourceId)}'`);
        if (typeof sourceId !== 'string' || !hasOwn(prompt, sourceId)) throw new PyException('KeyError', pyRepr(sourceId));
        const receivedType = returnTypeAt(classOf(prompt, sourceId, env.registry).returnTypes, value[1]);
        if (!validateArgs.includes('input_types') && !validateNodeInput(receivedType, inputType)) {
          errors.push(
            promptError(
              'return_type_mismatch',
              'Return type mismatch between linked nodes',
              `${name}, received_type(${receivedType}) mismatch input_type(${pyStr(inputType ?? null)})`,
              { input_name: name, input_config: info, received_type: receivedType, linked_node: value },
            ),
          );
          continue;
        }
        try {
          const [sourceValid] = await validateInputs(prompt, sourceId, validated, visiting, env);
          if (!sourceValid) valid = false;
        } catch (error) {
          if (!(error instanceof PyException)) throw error;
          valid = false;
          validated.set(sourceId, [
            false,
            [
              promptError('exception_during_inner_validation', 'Exception when validating inner node', error.message, {
                input_name: name,
                input_config: info,
                exception_message: error.message,
                exception_type: error.pyType,
                traceback: [TRACEBACK_INNER, TRACEBACK_LINK],
                linked_node: value,
              }),
            ],
          ]);
        }
        continue;
      }

      try {
        if (isJsonObject(value) && hasOwn(value, '__value__')) {
          value = value['__value__'] ?? null;
          inputs[name] = value;
        }
        const converted = convert(inputType, value);
        if (converted !== value) inputs[name] = converted;
        value = converted;
      } catch (error) {
        if (!(error instanceof PyException)) throw error;
        errors.push(
          promptError('invalid_input_type', `Failed to convert an input value to a ${pyStr(inputType ?? null)} value`, `${name}, ${pyStr(value)}, ${error.message}`, {
            input_name: name,
            input_config: info,
            received_value: value,
            exception_message: error.message,
          }),
        );
        continue;
      }

      if (validateArgs.includes(name)) continue;
      const min = extra['min'];
      if (typeof min === 'number' && typeof value === 'number' && value < min) {
        errors.push(
          promptError('value_smaller_than_min', `Value ${formatValue(value, inputType)} smaller than min of ${formatValue(min, inputType)}`, name, {
            input_name: name,
            input_config: info,
            received_value: value,
          }),
        );
        continue;
      }
      const max = extra['max'];
      if (typeof max === 'number' && typeof value === 'number' && value > max) {
        errors.push(
          promptError('value_bigger_than_max', `Value ${formatValue(value, inputType)} bigger than max of ${formatValue(max, inputType)}`, name, {
            input_name: name,
            input_config: info,
            received_value: value,
          }),
        );
        continue;
      }
      if (Array.isArray(inputType) && !inputType.some((option) => pyEquals(option, value))) {
        // ComfyUI does not echo lists longer than 20 entries (e.g. long model lists).
        const long = inputType.length > 20;
        errors.push(
          promptError('value_not_in_list', 'Value not in list', `${name}: '${pyStr(value)}' not in ${long ? `(list of length ${inputType.length})` : pyRepr(inputType)}`, {
            input_name: name,
            input_config: long ? null : info,
            received_value: value,
          }),
        );
      }
    }

    if (cls.validateInputs) {
      const values: Record<string, Json> = {};
      for (const arg of validateArgs) {
        if (arg === 's') continue; // the classmethod's cls argument
        if (!hasOwn(inputs, arg)) {
          throw new PyException('TypeError', `${cls.classType}.VALIDATE_INPUTS() missing 1 required positional argument: '${arg}'`);
        }
        const raw = inputs[arg] ?? null;
        // Linked inputs are not available at validation time: the function sees None.
        values[arg] = Array.isArray(raw) && raw.length === 2 && typeof raw[0] === 'string' ? null : raw;
      }
      const verdict = await cls.validateInputs.check(values, env.dirs);
      if (verdict !== true) {
        for (const arg of Object.keys(values)) {
          errors.push(promptError('custom_validation_failed', 'Custom validation failed for node', `${arg} - ${verdict}`, { input_name: arg }));
        }
      }
    }

    const result: NodeResultTuple = errors.length > 0 || !valid ? [false, errors] : [true, []];
    validated.set(nodeId, result);
    return result;
  } finally {
    visiting.delete(nodeId);
  }
}

/** validate_prompt(prompt_id, prompt, partial_execution_targets) */
export async function validatePrompt(prompt: Json, partialTargets: Json | undefined, env: ValidationEnv): Promise<ValidationOutcome> {
  const noOutputs: ValidationOutcome = { ok: false, error: promptError('prompt_no_outputs', 'Prompt has no outputs', ''), nodeErrors: {} };
  if (!isJsonObject(prompt)) {
    // `for x in prompt` over an empty list/str finds no outputs; anything else raises (→ 500).
    if ((typeof prompt === 'string' || Array.isArray(prompt)) && prompt.length === 0) return noOutputs;
    throw new PyException('TypeError', `prompt of type '${pyTypeName(prompt)}' cannot be validated`);
  }
  const outputs: string[] = [];
  for (const [nodeId, node] of Object.entries(prompt)) {
    if (!isJsonObject(node)) {
      const containsKey = typeof node === 'string' || Array.isArray(node) ? node.includes('class_type') : true;
      if (containsKey) throw new PyException('TypeError', `argument of type '${pyTypeName(node)}' is not iterable`);
    }
    if (!isJsonObject(node) || !hasOwn(node, 'class_type')) {
      return {
        ok: false,
        error: promptError('invalid_prompt', 'Cannot execute because a node is missing the class_type property.', `Node ID '#${nodeId}'`),
        nodeErrors: {},
      };
    }
    const classType = node['class_type'] ?? null;
    if (Array.isArray(classType) || isJsonObject(classType)) throw new PyException('TypeError', `unhashable type: '${pyTypeName(classType)}'`);
    const cls = typeof classType === 'string' ? env.registry.get(classType) : undefined;
    if (!cls) {
      return {
        ok: false,
        error: promptError('invalid_prompt', `Cannot execute because node ${pyStr(classType)} does not exist.`, `Node ID '#${nodeId}'`),
        nodeErrors: {},
      };
    }
    if (cls.outputNode && partialIncludes(partialTargets, nodeId)) outputs.push(nodeId);
  }
  if (outputs.length === 0) return noOutputs;

  const validated = new Map<string, NodeResultTuple>();
  const goodOutputs: string[] = [];
  const failures: Array<[string, PromptError[]]> = [];
  const nodeErrors: Record<string, NodeErrorEntry> = {};
  for (const output of outputs) {
    let valid = false;
    let reasons: PromptError[] = [];
    try {
      [valid, reasons] = await validateInputs(prompt, output, validated, new Set(), env);
    } catch (error) {
      if (!(error instanceof PyException)) throw error;
      reasons = [
        promptError('exception_during_validation', 'Exception when validating node', error.message, {
          exception_type: error.pyType,
          traceback: [TRACEBACK_VALIDATE_PROMPT, TRACEBACK_LINK],
        }),
      ];
      validated.set(output, [false, reasons]);
    }
    if (valid) {
      goodOutputs.push(output);
      continue;
    }
    failures.push([output, reasons]);
    // As in ComfyUI, every failing node seen so far gets this output appended, related or not.
    for (const [nodeId, [nodeValid, nodeReasons]] of validated) {
      if (nodeValid || nodeReasons.length === 0) continue;
      const entry = (nodeErrors[nodeId] ??= {
        errors: nodeReasons,
        dependent_outputs: [],
        class_type: (prompt[nodeId] as JsonObject)['class_type'] ?? null,
      });
      entry.dependent_outputs.push(output);
    }
  }
  if (goodOutputs.length === 0) {
    const details = failures.flatMap(([, errors]) => errors.map((e) => `${e.message}: ${e.details}`)).join('\n');
    return { ok: false, error: promptError('prompt_outputs_failed_validation', 'Prompt outputs failed validation', details), nodeErrors };
  }
  return { ok: true, outputs: goodOutputs, nodeErrors };
}
