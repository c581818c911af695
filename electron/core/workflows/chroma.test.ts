// Chroma mode in manifests: declared only where the graph allows it, refused with a message that
// says why everywhere else, and the prompt it posts.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { WorkflowError, buildChromaPrompt, buildPrompt, chromaModelInputSize, loadWorkflowFile, loadWorkflows, resolveParams, type WorkflowDefinition } from '.';

const root = await mkdtemp(join(tmpdir(), 'heirloom-chroma-'));
after(() => rm(root, { recursive: true, force: true }));
let counter = 0;

type Graph = Record<string, { class_type: string; inputs: Record<string, unknown>; _meta?: { title: string } }>;
const graph = (): Graph => ({
  '1': { class_type: 'LoadImage', inputs: { image: 'example.png' } },
  '2': { class_type: 'DDColor_Colorize', inputs: { image: ['1', 0], model_input_size: 512, checkpoint: 'ddcolor_modelscope.pth' } },
  '3': { class_type: 'SaveImage', inputs: { images: ['2', 0], filename_prefix: 'heirloom/ddcolor' }, _meta: { title: 'Result' } },
});
const manifest = (over: Record<string, unknown> = {}, nodes = ['DDColor_Colorize', 'LoadImage', 'SaveImage']) => ({
  schema: 1,
  id: 'chroma-test',
  title: { en: 'Test', 'zh-CN': '测试' },
  kind: 'portrait',
  imageInput: { node: '1', input: 'image' },
  output: { node: '3' },
  params: { size: { type: 'int', node: '2', input: 'model_input_size', min: 128, max: 2048, multipleOf: 32, default: 512 } },
  requires: { nodes, models: [] },
  mode: { type: 'chroma', node: '2' },
  ...over,
});

async function load(m: unknown, g: unknown = graph()): Promise<WorkflowDefinition> {
  const dir = join(root, `case-${++counter}`, 'wf');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(m));
  await writeFile(join(dir, 'workflow.json'), JSON.stringify(g));
  const [def] = await loadWorkflows(join(dir, '..'));
  assert.ok(def);
  return def;
}

async function refused(m: unknown, g: unknown, pattern: RegExp): Promise<void> {
  await assert.rejects(load(m, g), (err: unknown) => {
    assert.ok(err instanceof WorkflowError, String(err));
    assert.match(err.message, pattern);
    return true;
  });
}

void test('a DDColor manifest declaring chroma mode loads with it', async () => {
  const def = await load(manifest());
  assert.deepEqual(def.mode, { type: 'chroma', node: '2' });
  assert.deepEqual(def.requires.nodes, ['DDColor_Colorize', 'LoadImage', 'SaveImage']);
  // hay86's pack has the same data flow, and a PreviewImage output is as good as a SaveImage.
  const hay86 = graph();
  hay86['2'] = { class_type: 'D_DDColor', inputs: { image: ['1', 0], model_input_size: 256, checkpoint: 'ddcolor_paper.pth' } };
  hay86['3'] = { class_type: 'PreviewImage', inputs: { images: ['2', 0] } };
  const other = await load(manifest({ params: {} }, ['D_DDColor', 'LoadImage', 'PreviewImage']), hay86);
  assert.deepEqual(other.mode, { type: 'chroma', node: '2' });
  assert.deepEqual(other.requires.nodes, ['D_DDColor', 'LoadImage', 'PreviewImage']);
});

void test('without a mode (or with full) a workflow runs in full mode; a user file always does', async () => {
  const { mode: _omitted, ...withoutMode } = manifest();
  assert.deepEqual((await load(withoutMode)).mode, { type: 'full' });
  const full = await load(manifest({ mode: { type: 'full' } }));
  assert.deepEqual(full.mode, { type: 'full' });
  const file = join(root, `user-${++counter}.json`);
  await writeFile(file, JSON.stringify(graph()));
  assert.deepEqual((await loadWorkflowFile(file)).mode, { type: 'full' });
});

void test('chroma mode is refused, with the reason, where the graph could change geometry or tones', async () => {
  const scaled = graph();
  scaled['4'] = { class_type: 'ImageScaleBy', inputs: { image: ['1', 0], upscale_method: 'lanczos', scale_by: 0.5 } };
  scaled['2'] = { ...graph()['2']!, inputs: { ...graph()['2']!.inputs, image: ['4', 0] } };
  await refused(manifest({}, ['DDColor_Colorize', 'ImageScaleBy', 'LoadImage', 'SaveImage']), scaled, /image must come straight from the LoadImage node 1.*remove node 4 \(ImageScaleBy\)/s);

  const inverted = graph();
  inverted['4'] = { class_type: 'ImageInvert', inputs: { image: ['2', 0] } };
  inverted['3'] = { ...graph()['3']!, inputs: { images: ['4', 0], filename_prefix: 'x' } };
  await refused(manifest({}, ['DDColor_Colorize', 'ImageInvert', 'LoadImage', 'SaveImage']), inverted, /output node 3 must be a SaveImage or PreviewImage whose images come straight from node 2/);

  await refused(manifest({ mode: { type: 'chroma', node: '1' } }), graph(), /needs a DDColor node \(DDColor_Colorize or D_DDColor\); node 1 is LoadImage/);
  await refused(manifest({ mode: { type: 'chroma', node: '9' } }), graph(), /mode: node 9 is not in workflow\.json/);
  await refused(manifest({ mode: { type: 'chroma', node: '2', size: 512 } }), graph(), /mode: Unrecognized key/);
  await refused(manifest({ mode: { type: 'fast' } }), graph(), /mode\.type/);
  await refused(
    manifest({ params: { size: { type: 'int', node: '2', input: 'model_input_size', min: 16, max: 8192, default: 512 } } }),
    graph(),
    /params\.size sets model_input_size, so it must stay within 32\.\.4096 \(it allows 16\.\.8192\)/,
  );
  const badSize = graph();
  badSize['2']!.inputs['model_input_size'] = 'large';
  await refused(manifest({ params: {} }), badSize, /model_input_size must be a whole number from 32 to 4096 \(got "large"\)/);
});

void test('buildChromaPrompt: the template with the small image and params set, and the size it runs at', async () => {
  const def = await load(manifest());
  const params = resolveParams(def, { size: 768 });
  assert.ok(params.ok);
  const { prompt, modelInputSize } = buildChromaPrompt(def, { image: 'heirloom/abc.png', params: params.params });
  assert.equal(modelInputSize, 768);
  assert.equal(chromaModelInputSize(def, params.params), 768);
  assert.deepEqual(prompt, {
    '1': { class_type: 'LoadImage', inputs: { image: 'heirloom/abc.png' } },
    '2': { class_type: 'DDColor_Colorize', inputs: { image: ['1', 0], model_input_size: 768, checkpoint: 'ddcolor_modelscope.pth' } },
    '3': { class_type: 'SaveImage', inputs: { images: ['2', 0], filename_prefix: 'heirloom/ddcolor' }, _meta: { title: 'Result' } },
  });
  assert.deepEqual(prompt, buildPrompt(def, { image: 'heirloom/abc.png', params: params.params }));
  assert.equal(def.template['1']?.inputs['image'], 'example.png', 'the template is untouched');

  const full = await load(manifest({ mode: { type: 'full' } }));
  assert.throws(() => buildChromaPrompt(full, { image: 'x.png', params: { size: 512 } }), /runs in full mode, not chroma mode/);
});
