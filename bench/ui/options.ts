// `npm run bench -- ui [--photos N] [--rounds N] [--step PX]`.
import { parseArgs } from 'node:util';

export interface UiBenchOptions {
  /** Photos in the seeded library (the figure: 10,000). */
  photos: number;
  /** Page loads measured; the first paint is reported as their median. */
  rounds: number;
  /** Pixels scrolled per animation frame (1,200 px ≈ 72,000 px/s: a fast fling, five rows a frame). */
  step: number;
}

export const DEFAULTS: UiBenchOptions = { photos: 10_000, rounds: 3, step: 1_200 };

function positiveInt(flag: string, raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > max) throw new Error(`--${flag} must be a whole number from 1 to ${max}, got "${raw}"`);
  return Number(raw);
}

export function parseUiOptions(args: readonly string[]): UiBenchOptions {
  const { values } = parseArgs({ args: [...args], options: { photos: { type: 'string' }, rounds: { type: 'string' }, step: { type: 'string' } }, strict: true });
  return {
    photos: positiveInt('photos', values.photos, DEFAULTS.photos, 100_000),
    rounds: positiveInt('rounds', values.rounds, DEFAULTS.rounds, 20),
    step: positiveInt('step', values.step, DEFAULTS.step, 20_000),
  };
}
