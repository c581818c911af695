// Template + photo + params → the graph to POST. The template is never touched: structuredClone
// gives the caller a private copy (DDColor caches its model per node id, so ids stay as written).
import type { ApiPrompt, ResolvedParams, WorkflowDefinition } from './types';

export function buildPrompt(def: WorkflowDefinition, input: { image: string; params: ResolvedParams }): ApiPrompt {
  const prompt = structuredClone(def.template) as ApiPrompt;
  setInput(prompt, def.imageInput.node, def.imageInput.input, input.image);
  for (const [name, spec] of Object.entries(def.params)) {
    const value = input.params[name];
    if (value === undefined) throw new Error(`buildPrompt: parameter "${name}" of workflow "${def.id}" is missing (resolveParams fills it)`);
    setInput(prompt, spec.node, spec.input, value);
  }
  return prompt;
}

function setInput(prompt: ApiPrompt, nodeId: string, input: string, value: unknown): void {
  const node = prompt[nodeId];
  if (!node) throw new Error(`buildPrompt: node ${nodeId} is not in the template`);
  node.inputs[input] = value;
}
