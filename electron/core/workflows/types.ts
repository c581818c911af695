// What a loaded workflow is, whatever it came from (a shipped manifest + template, or a user's
// API-format JSON file). Everything downstream (params, prompt building, capability checks,
// idempotency) works on this shape only.

/** One node of a ComfyUI API-format graph. Inputs are literals or links `["<node id>", <slot>]`. */
export interface ApiNode {
  class_type: string;
  inputs: Record<string, unknown>;
  _meta?: { title?: string };
}

/** ComfyUI API format: node id (a string) → node. What `POST /prompt` takes as `prompt`. */
export type ApiPrompt = Record<string, ApiNode>;

export interface LocalizedText {
  en: string;
  'zh-CN': string;
}

export type ParamSpec =
  | {
      type: 'int';
      node: string;
      input: string;
      label: LocalizedText | null;
      min: number;
      max: number;
      multipleOf: number | null;
      default: number;
    }
  | {
      type: 'choice';
      node: string;
      input: string;
      label: LocalizedText | null;
      choices: string[];
      default: string;
    };

export type ParamValue = number | string;
/** Every declared param, filled (see resolveParams). */
export type ResolvedParams = Record<string, ParamValue>;

/** A model the backend must offer: the value of param `from` must be a combo choice of `node.input`. */
export interface ModelRequirement {
  node: string;
  input: string;
  from: string;
}

/**
 * How a photo goes through the workflow. `full`: the photo is uploaded as it is and the output
 * node's image is the result. `chroma`: only what `node` (a DDColor node) looks at is uploaded,
 * the photo resized to model_input_size², and the full-resolution result is rebuilt locally from
 * the original's lightness and the small result's chroma (electron/core/colorize). Declared by
 * the manifest only where the graph allows it (see chroma.ts); user files are always `full`.
 */
export type WorkflowMode = { type: 'full' } | { type: 'chroma'; node: string };

export interface WorkflowDefinition {
  /** Manifest id, or `file:<basename>` for a user's workflow file. */
  id: string;
  title: LocalizedText;
  kind: string;
  source: { type: 'manifest'; dir: string } | { type: 'file'; path: string };
  /** Never mutated; buildPrompt deep-copies it. */
  template: Readonly<ApiPrompt>;
  /** sha256 (hex) of the template's canonical JSON: part of the idempotency key. */
  templateHash: string;
  imageInput: { node: string; input: string };
  /** Node ids whose images are the result (one for manifests; every SaveImage of a user file). */
  outputNodes: string[];
  /** In manifest order. */
  params: Record<string, ParamSpec>;
  requires: { nodes: string[]; models: ModelRequirement[] };
  mode: WorkflowMode;
}
