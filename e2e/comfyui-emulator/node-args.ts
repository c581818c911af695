// ComfyUI emulator (test infrastructure): reading a node function's keyword arguments.
import type { NodeArg, RgbImage } from './node-types';
import type { Json } from './py';
import { PyException } from './py';

export function imageArg(args: ReadonlyMap<string, NodeArg>, name: string): RgbImage {
  const arg = args.get(name);
  if (arg?.kind === 'link' && arg.value.kind === 'IMAGE') return arg.value;
  // Validation rules this out (links are type-checked); kept as a clear failure, not a crash.
  throw new PyException('TypeError', `input '${name}' is not an IMAGE`);
}

export function literalArg(args: ReadonlyMap<string, NodeArg>, name: string): Json | undefined {
  const arg = args.get(name);
  return arg?.kind === 'literal' ? arg.value : undefined;
}

/** A literal already converted by validation (INT/FLOAT inputs are numbers by then). */
export function numberArg(args: ReadonlyMap<string, NodeArg>, name: string): number {
  const value = literalArg(args, name);
  if (typeof value !== 'number') throw new PyException('TypeError', `'${name}' must be a number`);
  return value;
}

export function stringArg(args: ReadonlyMap<string, NodeArg>, name: string, fallback: string): string {
  const value = literalArg(args, name);
  return typeof value === 'string' ? value : fallback;
}
