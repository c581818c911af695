// The shape every benchmark module (bench/<name>.ts) exports; bench/run.ts loads it by name.

export interface BenchContext {
  /** The command-line arguments after the benchmark's name. */
  readonly args: readonly string[];
  /** One human-readable line of progress or figures (stdout). */
  readonly log: (line: string) => void;
  /** Aborted on Ctrl-C: stop at the next round boundary and clean up. */
  readonly signal: AbortSignal;
}

/** Printed as one JSON line, the last line of stdout. Keys in snake_case. */
export type BenchResult = Record<string, unknown>;

export interface BenchmarkModule {
  /** One line for the list of available benchmarks. */
  readonly description: string;
  run(context: BenchContext): Promise<BenchResult>;
}

export function isBenchmarkModule(value: unknown): value is BenchmarkModule {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Record<keyof BenchmarkModule, unknown>>;
  return typeof candidate.description === 'string' && typeof candidate.run === 'function';
}
