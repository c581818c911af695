// Reading workflows from disk: the shipped/user folders (manifest.json + workflow.json each)
// and single user API-format files. Every error is a WorkflowError naming the file at fault.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ApiPromptSchema, ManifestSchema, describeZodError } from './manifest';
import { definitionFromManifest, manifestProblems } from './from-manifest';
import { UI_FORMAT_MESSAGE, definitionFromUserJson, isUiFormat } from './from-file';
import { WorkflowError } from './errors';
import type { WorkflowDefinition } from './types';

/** Real API-format workflows are a few KB; this only stops a wrong file (a photo, a DB) early. */
const MAX_WORKFLOW_FILE_BYTES = 16 * 1024 * 1024;

export async function loadWorkflowFile(path: string): Promise<WorkflowDefinition> {
  return definitionFromUserJson(await readJsonFile(path), path);
}

/** One folder with manifest.json + workflow.json. */
async function loadWorkflowDir(dir: string): Promise<WorkflowDefinition> {
  const manifestPath = join(dir, 'manifest.json');
  const templatePath = join(dir, 'workflow.json');
  const manifest = ManifestSchema.safeParse(await readJsonFile(manifestPath));
  if (!manifest.success) throw new WorkflowError(manifestPath, `${manifestPath}: ${describeZodError(manifest.error)}`);
  const templateJson = await readJsonFile(templatePath);
  const template = ApiPromptSchema.safeParse(templateJson);
  if (!template.success) {
    const why = isUiFormat(templateJson) ? UI_FORMAT_MESSAGE : describeZodError(template.error);
    throw new WorkflowError(templatePath, `${templatePath}: ${why}`);
  }
  const problems = manifestProblems(manifest.data, template.data);
  if (problems.length > 0) {
    throw new WorkflowError(manifestPath, `${manifestPath} does not match workflow.json: ${problems.join('; ')}`);
  }
  return definitionFromManifest(manifest.data, template.data, dir);
}

export interface WorkflowScan {
  /** Sorted by id. */
  workflows: WorkflowDefinition[];
  /** Folders that could not be loaded; the others still are. */
  problems: WorkflowError[];
}

/** Every subfolder of `dir` holding a manifest.json or workflow.json; a broken one does not hide the rest. */
export async function scanWorkflows(dir: string): Promise<WorkflowScan> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    throw new WorkflowError(dir, `cannot read the workflow folder ${dir} (${errorCode(err)})`);
  }
  const workflows: WorkflowDefinition[] = [];
  const problems: WorkflowError[] = [];
  const folders = entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name).sort();
  for (const name of folders) {
    const folder = join(dir, name);
    try {
      const files = new Set(await readdir(folder).catch((err: unknown) => {
        throw new WorkflowError(folder, `cannot read ${folder} (${errorCode(err)})`);
      }));
      if (!files.has('manifest.json') && !files.has('workflow.json')) continue;
      const def = await loadWorkflowDir(folder);
      const clash = workflows.find((w) => w.id === def.id);
      if (clash) {
        const other = clash.source.type === 'manifest' ? clash.source.dir : clash.source.path;
        throw new WorkflowError(join(folder, 'manifest.json'), `${join(folder, 'manifest.json')}: id "${def.id}" is already used by ${other}`);
      }
      workflows.push(def);
    } catch (err) {
      if (!(err instanceof WorkflowError)) throw err;
      problems.push(err);
    }
  }
  workflows.sort((a, b) => a.id.localeCompare(b.id));
  return { workflows, problems };
}

/** Like scanWorkflows, but any broken folder is an error (shipped workflows must all load). */
export async function loadWorkflows(dir: string): Promise<WorkflowDefinition[]> {
  const { workflows, problems } = await scanWorkflows(dir);
  const [first] = problems;
  if (first) {
    if (problems.length === 1) throw first;
    throw new WorkflowError(dir, problems.map((p) => p.message).join('\n'));
  }
  return workflows;
}

async function readJsonFile(path: string): Promise<unknown> {
  let text: string;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new WorkflowError(path, `${path} is not a file`);
    if (info.size > MAX_WORKFLOW_FILE_BYTES) {
      throw new WorkflowError(path, `${path} is ${info.size} bytes; a workflow file is at most ${MAX_WORKFLOW_FILE_BYTES}`);
    }
    text = await readFile(path, 'utf8');
  } catch (err) {
    if (err instanceof WorkflowError) throw err;
    throw new WorkflowError(path, `cannot read ${path} (${errorCode(err)})`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch (err) {
    throw new WorkflowError(path, `${path} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function errorCode(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err && typeof err.code === 'string') return err.code;
  return err instanceof Error ? err.message : String(err);
}
