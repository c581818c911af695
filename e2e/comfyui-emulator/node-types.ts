// ComfyUI emulator (test infrastructure): what an emulated node class is. Each node mirrors one
// ComfyUI class: its /object_info entry (INPUT_TYPES, RETURN_TYPES, ...) and its FUNCTION.
import type { Json, JsonObject } from './py';

/** ComfyUI's IMAGE, one frame, 8-bit RGB (ComfyUI holds float32 0..1; 8-bit is what SaveImage writes). */
export interface RgbImage {
  readonly kind: 'IMAGE';
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** ComfyUI's MASK. No emulated node reads mask pixels, so only the shape is kept. */
export interface MaskValue {
  readonly kind: 'MASK';
  readonly width: number;
  readonly height: number;
}

export type RuntimeValue = RgbImage | MaskValue;

/** An input as the node function receives it: a widget literal or a linked node's output. */
export type NodeArg = { readonly kind: 'literal'; readonly value: Json } | { readonly kind: 'link'; readonly value: RuntimeValue };

export interface SavedImage {
  readonly filename: string;
  readonly subfolder: string;
  readonly type: 'output' | 'temp';
}

export interface NodeResult {
  readonly outputs: readonly RuntimeValue[];
  /** The node's "ui" dict (e.g. {images: [...]}); null when the node returns none. */
  readonly ui: JsonObject | null;
}

export interface DataDirs {
  readonly input: string;
  readonly output: string;
  readonly temp: string;
}

/** Per-node-instance state kept in ComfyUI's objects cache (same node id + class across prompts). */
export interface NodeInstance {
  /** PreviewImage's "_temp_xxxxx" suffix, drawn once per instance. */
  readonly prefixAppend: string;
}

export interface NodeContext {
  readonly nodeId: string;
  readonly dirs: DataDirs;
  readonly instance: NodeInstance;
  /** hidden PROMPT: the executing graph (with is_changed filled in, as ComfyUI writes it). */
  readonly prompt: JsonObject;
  /** hidden EXTRA_PNGINFO */
  readonly extraPngInfo: Json | undefined;
  readonly signal: AbortSignal;
  /** The name SaveImage/PreviewImage report instead of the real file name (fault injection). */
  readonly outputNameOverride: string | null;
  /** comfy.utils.ProgressBar hook: progress_state/progress messages, optional PNG preview frame. */
  progress(value: number, max: number, previewPng: Buffer | null): Promise<void>;
}

export interface InputTypes {
  readonly required: Readonly<Record<string, Json[]>>;
  readonly hidden?: Readonly<Record<string, string>>;
}

export interface NodeClass {
  readonly classType: string;
  inputTypes(inputFiles: readonly string[]): InputTypes;
  readonly returnTypes: readonly string[];
  readonly returnNames?: readonly string[];
  readonly displayName: string;
  readonly description: string;
  readonly pythonModule: string;
  readonly category: string;
  readonly outputNode: boolean;
  /** VALIDATE_INPUTS: argument names, and the check (true, or the reason as str()). */
  readonly validateInputs?: {
    readonly args: readonly string[];
    check(values: Readonly<Record<string, Json>>, dirs: DataDirs): Promise<true | string>;
  };
  /** IS_CHANGED: part of the cache signature (NaN-like "never equal" is expressed by throwing). */
  isChanged?(inputs: JsonObject, dirs: DataDirs): Promise<Json>;
  /** A new instance for the objects cache (PreviewImage draws its random suffix here). */
  newInstance?(): NodeInstance;
  run(args: ReadonlyMap<string, NodeArg>, ctx: NodeContext): Promise<NodeResult>;
}
