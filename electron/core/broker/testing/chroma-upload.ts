// Test helper: what a worker uploads to ComfyUI for a photo in chroma mode (issue 8): DDColor's
// model input, made by the same code as colorize/run-chroma.ts. Its hash is what the emulator
// counts executions by (stats.executionsByImage). The photo itself reaches the worker intact or
// not at all (blob.ts readBytes checks its SHA-256).
import { decodePixels, prepareChromaInput } from '../../colorize';
import { encodeSmallPng } from '../../colorize/encode';
import { sha256Hex } from '../../workflows';

/** DDColor presets' default model_input_size. */
const MODEL_INPUT_SIZE = 512;

export async function chromaUploadSha(photo: Uint8Array, fileName: string, size = MODEL_INPUT_SIZE): Promise<string> {
  return sha256Hex(await encodeSmallPng(prepareChromaInput(await decodePixels(photo, fileName), size)));
}
