// Chroma mode (issue 8): which graphs may declare it, and the prompt it posts. DDColor only ever
// looks at the photo resized to model_input_size² and returns the photo's own full-resolution
// lightness plus chroma predicted at that size and upsampled nearest (PROTOCOL §5.2a). When the
// photo reaches the DDColor node untouched and the node's image reaches the output untouched, a
// small upload plus a local rebuild (electron/core/colorize) gives the same photo. Any other node
// could change geometry or tones, so such a graph cannot declare chroma mode.
import { isLink, sortedNodeIds } from './graph';
import { buildPrompt } from './prompt';
import type { ApiPrompt, ResolvedParams, WorkflowDefinition } from './types';

/** Nodes with DDColor's data flow: kijai/ComfyUI-DDColor and hay86/ComfyUI_DDColor (same inputs). */
export const CHROMA_NODE_CLASSES: readonly string[] = ['DDColor_Colorize', 'D_DDColor'];
/**
 * The output node saves the small result as it is written in the template. At model_input_size²
 * both are cheap: SaveImage (PNG level 4, output/) costs the backend ~15 ms more than PreviewImage
 * (level 1, temp/) and sends ~35 % fewer bytes (≈ 335 vs 525 KB for a grainy 512² result). Not
 * SaveImageWebsocket: its image is not in history, so start-up recovery could not fetch it.
 */
const OUTPUT_CLASSES = new Set(['SaveImage', 'PreviewImage']);
const SIZE_INPUT = 'model_input_size';
/** DDColor_Colorize's own bounds for model_input_size (INT, min 32, max 4096). */
const MIN_SIZE = 32;
const MAX_SIZE = 4096;

export interface ChromaShape {
  imageInput: { node: string; input: string };
  output: string;
  /** The DDColor node the manifest names. */
  node: string;
  /** The manifest's int params (those setting model_input_size must stay within the node's bounds). */
  intParams: ReadonlyArray<{ name: string; node: string; input: string; min: number; max: number }>;
}

/** Why `template` cannot run in chroma mode as declared; empty when it can. */
export function chromaModeProblems(template: ApiPrompt, shape: ChromaShape): string[] {
  const { node, output, imageInput } = shape;
  const colorize = template[node];
  if (!colorize) return [`mode: node ${node} is not in workflow.json`];
  const problems: string[] = [];
  if (!CHROMA_NODE_CLASSES.includes(colorize.class_type)) {
    problems.push(`mode: chroma mode needs a DDColor node (${CHROMA_NODE_CLASSES.join(' or ')}); node ${node} is ${colorize.class_type}`);
  }
  const size = colorize.inputs[SIZE_INPUT];
  if (!Object.hasOwn(colorize.inputs, SIZE_INPUT)) problems.push(`mode: node ${node} (${colorize.class_type}) has no input "${SIZE_INPUT}"`);
  else if (!validSize(size)) problems.push(`mode: node ${node}'s ${SIZE_INPUT} must be a whole number from ${MIN_SIZE} to ${MAX_SIZE} (got ${JSON.stringify(size)})`);
  for (const p of shape.intParams) {
    if (p.node === node && p.input === SIZE_INPUT && (p.min < MIN_SIZE || p.max > MAX_SIZE)) {
      problems.push(`mode: params.${p.name} sets ${SIZE_INPUT}, so it must stay within ${MIN_SIZE}..${MAX_SIZE} (it allows ${p.min}..${p.max})`);
    }
  }

  const source = colorize.inputs['image'];
  if (template[imageInput.node]?.class_type !== 'LoadImage' || !linksTo(source, imageInput.node)) {
    problems.push(
      `mode: node ${node}'s image must come straight from the LoadImage node ${imageInput.node} ` +
        '(a node in between could change the size or tones the result is rebuilt from)',
    );
  }
  const out = template[output];
  if (!out || !OUTPUT_CLASSES.has(out.class_type) || !linksTo(out.inputs['images'], node)) {
    problems.push(`mode: the output node ${output} must be a SaveImage or PreviewImage whose images come straight from node ${node}`);
  }
  const others = sortedNodeIds(template).filter((id) => id !== node && id !== output && id !== imageInput.node);
  if (others.length > 0) {
    const list = others.map((id) => `${id} (${template[id]?.class_type ?? '?'})`).join(', ');
    problems.push(`mode: chroma mode allows only LoadImage → DDColor → SaveImage/PreviewImage; remove node${others.length > 1 ? 's' : ''} ${list} or use full mode`);
  }
  return problems;
}

/** The size DDColor runs at with these params, which is the size chroma mode uploads the photo at. */
export function chromaModelInputSize(def: WorkflowDefinition, params: ResolvedParams): number {
  return buildChromaPrompt(def, { image: '', params }).modelInputSize;
}

/**
 * The graph to POST in chroma mode (the template with the small image and the params set, as in
 * full mode) and the model_input_size it runs at, which is the size the photo is uploaded at.
 */
export function buildChromaPrompt(def: WorkflowDefinition, input: { image: string; params: ResolvedParams }): { prompt: ApiPrompt; modelInputSize: number } {
  const { mode } = def;
  if (mode.type !== 'chroma') throw new Error(`workflow "${def.id}" runs in ${mode.type} mode, not chroma mode`);
  const prompt = buildPrompt(def, input);
  const size = prompt[mode.node]?.inputs[SIZE_INPUT];
  if (!validSize(size)) {
    throw new Error(`workflow "${def.id}": ${SIZE_INPUT} must be a whole number from ${MIN_SIZE} to ${MAX_SIZE} (got ${JSON.stringify(size)})`);
  }
  return { prompt, modelInputSize: size };
}

function validSize(size: unknown): size is number {
  return typeof size === 'number' && Number.isInteger(size) && size >= MIN_SIZE && size <= MAX_SIZE;
}

function linksTo(value: unknown, node: string): boolean {
  return isLink(value) && value[0] === node && value[1] === 0;
}
