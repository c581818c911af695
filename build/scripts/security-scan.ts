// electronegativity over a folder, and the verdict on its findings (electronegativity.ts is the
// CLI that `npm run test:security` runs over electron/).
//
// Called through its Node API, not the CLI: with `-o x.csv` the CLI writes the header and the
// rows with two concurrent fs.writeFile calls (rows can be lost), SARIF output drops the
// severity, and either way files that fail to parse are not reported at all. The API returns
// the same findings with severity plus the parse errors.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, relative } from 'node:path';
import { z } from 'zod';

export interface Allowance {
  check: string;
  /** Relative to the scanned folder; global checks report 'N/A'. */
  file: string;
  why: string;
}

const ScanSchema = z.object({
  errors: z.array(z.object({ file: z.string(), message: z.string(), tolerable: z.boolean() })),
  issues: z.array(
    z.object({
      id: z.string(),
      file: z.string(),
      location: z.object({ line: z.number(), column: z.number() }).optional(),
      severity: z.object({ name: z.string() }),
      confidence: z.object({ name: z.string() }),
      description: z.string(),
    }),
  ),
});
export type ScanResult = z.infer<typeof ScanSchema>;

type Runner = (options: Record<string, unknown>, forCli: boolean) => Promise<unknown>;

export async function scan(input: string, electronVersion: string): Promise<ScanResult> {
  const run = createRequire(import.meta.url)('@doyensec/electronegativity') as unknown;
  if (typeof run !== 'function') throw new Error('@doyensec/electronegativity does not export its runner');
  const raw = await (run as Runner)(
    {
      input,
      isRelative: true,
      // Without a package.json in the input it would assume Electron 0.1.0's insecure defaults.
      electronVersionOverride: electronVersion,
      customScan: [],
      // Its only input is the Electron version in a package.json (there is none under
      // electron/), and it downloads Electron's release list from GitHub with no timeout.
      excludeFromScan: ['availablesecurityfixesglobalcheck'],
      parserPlugins: [],
    },
    false,
  );
  const parsed = ScanSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`unexpected electronegativity result: ${parsed.error.message}`);
  // isRelative applies to findings only; parse errors keep absolute paths.
  const errors = parsed.data.errors.map((e) => ({ ...e, file: isAbsolute(e.file) ? relative(input, e.file) : e.file }));
  return { errors, issues: parsed.data.issues };
}

export function installedElectronVersion(root: string): string {
  return (JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version;
}

const FAIL_AT = new Set(['MEDIUM', 'HIGH']);

/** Lines to print and the problems that fail the scan (MEDIUM+ not allowed, unparsed files, stale allowances). */
export function judge(result: ScanResult, allowed: readonly Allowance[]): { notes: string[]; problems: string[] } {
  const notes: string[] = [];
  const problems: string[] = [];
  for (const error of result.errors) {
    if (error.tolerable) notes.push(`parse warning ${error.file}: ${error.message}`);
    else problems.push(`NOT SCANNED ${error.file}: ${error.message}`);
  }
  const used = new Set<Allowance>();
  for (const issue of result.issues) {
    const where = `${issue.file}${issue.location && issue.location.line > 0 ? `:${issue.location.line}:${issue.location.column + 1}` : ''}`;
    const line = `${issue.severity.name}/${issue.confidence.name} ${issue.id} ${where}: ${issue.description}`;
    const allowance = allowed.find((a) => a.check === issue.id && a.file === issue.file);
    if (allowance) {
      used.add(allowance);
      notes.push(`allowed ${line}\n  why: ${allowance.why}`);
    } else if (FAIL_AT.has(issue.severity.name)) {
      problems.push(line);
    } else {
      notes.push(`note ${line}`);
    }
  }
  for (const a of allowed) if (!used.has(a)) problems.push(`allow-list entry ${a.check} in ${a.file} matched nothing: remove it`);
  return { notes, problems };
}
