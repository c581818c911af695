// Manifest + template → WorkflowDefinition, after checking that the two agree: every node the
// manifest names exists and has the input it names, defaults are valid, requires.nodes lists
// exactly the template's class types, and model requirements point at choice params.
import type { Manifest } from './manifest';
import { canonicalJson, sha256Hex } from './canonical';
import { chromaModeProblems } from './chroma';
import { classTypes, danglingLinks } from './graph';
import { assertNever } from './never';
import type { ApiPrompt, ParamSpec, WorkflowDefinition, WorkflowMode } from './types';

/** Every inconsistency between a manifest and its template; empty when they agree. */
export function manifestProblems(manifest: Manifest, template: ApiPrompt): string[] {
  const problems: string[] = [];
  const needInput = (what: string, nodeId: string, input: string): void => {
    const node = template[nodeId];
    if (!node) problems.push(`${what}: node ${nodeId} is not in workflow.json`);
    else if (!Object.hasOwn(node.inputs, input)) {
      problems.push(`${what}: node ${nodeId} (${node.class_type}) has no input "${input}" in workflow.json`);
    }
  };

  needInput('imageInput', manifest.imageInput.node, manifest.imageInput.input);
  if (!template[manifest.output.node]) problems.push(`output: node ${manifest.output.node} is not in workflow.json`);

  for (const [name, param] of Object.entries(manifest.params)) {
    needInput(`params.${name}`, param.node, param.input);
    if (param.node === manifest.imageInput.node && param.input === manifest.imageInput.input) {
      problems.push(`params.${name}: targets the image input`);
    }
    switch (param.type) {
      case 'int': {
        if (param.min > param.max) problems.push(`params.${name}: min ${param.min} is greater than max ${param.max}`);
        if (param.default < param.min || param.default > param.max) {
          problems.push(`params.${name}: default ${param.default} is outside ${param.min}..${param.max}`);
        }
        if (param.multipleOf !== undefined && param.default % param.multipleOf !== 0) {
          problems.push(`params.${name}: default ${param.default} is not a multiple of ${param.multipleOf}`);
        }
        break;
      }
      case 'choice': {
        if (!param.choices.includes(param.default)) {
          problems.push(`params.${name}: default "${param.default}" is not one of the choices`);
        }
        if (new Set(param.choices).size !== param.choices.length) problems.push(`params.${name}: choices repeat a value`);
        break;
      }
      default:
        assertNever(param);
    }
  }

  const used = classTypes(template);
  const declared = new Set(manifest.requires.nodes);
  const undeclared = used.filter((type) => !declared.has(type));
  const unused = [...declared].filter((type) => !used.includes(type));
  if (undeclared.length > 0) problems.push(`requires.nodes: missing ${undeclared.join(', ')} (used in workflow.json)`);
  if (unused.length > 0) problems.push(`requires.nodes: ${unused.join(', ')} not used in workflow.json`);

  manifest.requires.models.forEach((model, i) => {
    const where = `requires.models[${i}]`;
    const param = manifest.params[model.from];
    if (!param) problems.push(`${where}: "from" names param "${model.from}", which the manifest does not declare`);
    else if (param.type !== 'choice') problems.push(`${where}: param "${model.from}" must be a choice param`);
    else {
      const target = template[param.node];
      if (target && (target.class_type !== model.node || param.input !== model.input)) {
        problems.push(
          `${where}: param "${model.from}" sets ${target.class_type}.${param.input}, not ${model.node}.${model.input}`,
        );
      }
    }
  });

  problems.push(...danglingLinks(template));
  if (manifest.mode?.type === 'chroma') {
    const intParams = Object.entries(manifest.params).flatMap(([name, p]) => (p.type === 'int' ? [{ name, node: p.node, input: p.input, min: p.min, max: p.max }] : []));
    problems.push(...chromaModeProblems(template, { imageInput: manifest.imageInput, output: manifest.output.node, node: manifest.mode.node, intParams }));
  }
  return problems;
}

/** Call only after manifestProblems() returned []. */
export function definitionFromManifest(manifest: Manifest, template: ApiPrompt, dir: string): WorkflowDefinition {
  const params: Record<string, ParamSpec> = {};
  for (const [name, p] of Object.entries(manifest.params)) {
    params[name] =
      p.type === 'int'
        ? {
            type: 'int',
            node: p.node,
            input: p.input,
            label: p.label ?? null,
            min: p.min,
            max: p.max,
            multipleOf: p.multipleOf ?? null,
            default: p.default,
          }
        : { type: 'choice', node: p.node, input: p.input, label: p.label ?? null, choices: [...p.choices], default: p.default };
  }
  const mode: WorkflowMode = manifest.mode?.type === 'chroma' ? { type: 'chroma', node: manifest.mode.node } : { type: 'full' };
  return {
    id: manifest.id,
    title: { ...manifest.title },
    kind: manifest.kind,
    source: { type: 'manifest', dir },
    template: deepFreeze(template),
    templateHash: sha256Hex(canonicalJson(template)),
    imageInput: { ...manifest.imageInput },
    outputNodes: [manifest.output.node],
    params,
    requires: { nodes: [...manifest.requires.nodes], models: manifest.requires.models.map((m) => ({ ...m })) },
    mode,
  };
}

export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
