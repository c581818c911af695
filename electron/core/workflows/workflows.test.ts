import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import {
  WorkflowError,
  buildPrompt,
  comboOptions,
  idempotencyKey,
  loadWorkflowFile,
  loadWorkflows,
  missingModels,
  missingNodes,
  resolveParams,
  scanWorkflows,
  toWorkflowDto,
  type WorkflowDefinition,
} from '.';

const root = await mkdtemp(join(tmpdir(), 'heirloom-workflows-'));
after(() => rm(root, { recursive: true, force: true }));
let counter = 0;
const freshDir = async () => {
  const dir = join(root, `case-${++counter}`);
  await mkdir(dir);
  return dir;
};

const graph = () => ({
  '1': { class_type: 'LoadImage', inputs: { image: 'example.png' } },
  '2': { class_type: 'DDColor_Colorize', inputs: { image: ['1', 0], model_input_size: 512, checkpoint: 'ddcolor_modelscope.pth' } },
  '3': { class_type: 'SaveImage', inputs: { images: ['2', 0], filename_prefix: 'heirloom/ddcolor' } },
});
const manifest = (over: Record<string, unknown> = {}) => ({
  schema: 1,
  id: 'test-ddcolor',
  title: { en: 'Test', 'zh-CN': '测试' },
  kind: 'portrait',
  imageInput: { node: '1', input: 'image' },
  output: { node: '3' },
  params: {
    size: { type: 'int', node: '2', input: 'model_input_size', min: 128, max: 2048, multipleOf: 32, default: 512 },
    checkpoint: {
      type: 'choice',
      node: '2',
      input: 'checkpoint',
      label: { en: 'Model', 'zh-CN': '模型' },
      choices: ['ddcolor_modelscope.pth', 'ddcolor_artistic.pth'],
      default: 'ddcolor_modelscope.pth',
    },
  },
  requires: {
    nodes: ['DDColor_Colorize', 'LoadImage', 'SaveImage'],
    models: [{ node: 'DDColor_Colorize', input: 'checkpoint', from: 'checkpoint' }],
  },
  ...over,
});

async function writeWorkflow(parent: string, name: string, m: unknown, g: unknown = graph()): Promise<string> {
  const dir = join(parent, name);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(m));
  await writeFile(join(dir, 'workflow.json'), JSON.stringify(g));
  return dir;
}

async function loadOne(m: unknown, g?: unknown): Promise<WorkflowDefinition> {
  const parent = await freshDir();
  await writeWorkflow(parent, 'wf', m, g);
  const [def] = await loadWorkflows(parent);
  assert.ok(def);
  return def;
}

async function userFile(content: unknown, name = '老照片 workflow.json'): Promise<string> {
  const path = join(await freshDir(), name);
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

async function rejectsWith(promise: Promise<unknown>, pattern: RegExp): Promise<WorkflowError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof WorkflowError, `expected a WorkflowError, got ${String(err)}`);
    assert.match(err.message, pattern);
    return err;
  }
  assert.fail(`expected a rejection matching ${pattern}`);
}

void test('a manifest folder loads into a definition', async () => {
  const def = await loadOne(manifest());
  assert.equal(def.id, 'test-ddcolor');
  assert.deepEqual(def.imageInput, { node: '1', input: 'image' });
  assert.deepEqual(def.outputNodes, ['3']);
  assert.deepEqual(Object.keys(def.params), ['size', 'checkpoint']);
  assert.deepEqual(def.params['size'], { type: 'int', node: '2', input: 'model_input_size', label: null, min: 128, max: 2048, multipleOf: 32, default: 512 });
  assert.match(def.templateHash, /^[0-9a-f]{64}$/);
  assert.ok(Object.isFrozen(def.template['2']?.inputs), 'the template cannot be mutated by accident');
});

void test('manifest errors name the file and say what is wrong', async () => {
  const cases: Array<[unknown, RegExp, unknown?]> = [
    [manifest({ schema: 2 }), /manifest\.json: schema/],
    [manifest({ id: 'Bad Id' }), /manifest\.json: id: id must be/],
    [manifest({ extra: true }), /manifest\.json: .*extra/],
    [manifest({ imageInput: { node: '9', input: 'image' } }), /imageInput: node 9 is not in workflow\.json/],
    [manifest({ imageInput: { node: '1', input: 'imgae' } }), /node 1 \(LoadImage\) has no input "imgae"/],
    [manifest({ output: { node: '7' } }), /output: node 7 is not in workflow\.json/],
    [
      manifest({ params: { size: { type: 'int', node: '2', input: 'model_input_size', min: 128, max: 2048, multipleOf: 32, default: 500 } } }),
      /params\.size: default 500 is not a multiple of 32/,
    ],
    [
      manifest({ params: { size: { type: 'int', node: '2', input: 'model_input_size', min: 128, max: 256, default: 512 } } }),
      /params\.size: default 512 is outside 128\.\.256/,
    ],
    [
      manifest({ params: { c: { type: 'choice', node: '2', input: 'checkpoint', choices: ['a.pth'], default: 'b.pth' } } }),
      /params\.c: default "b\.pth" is not one of the choices/,
    ],
    [manifest({ requires: { nodes: ['LoadImage', 'SaveImage'], models: [] } }), /requires\.nodes: missing DDColor_Colorize/],
    [manifest({ requires: { nodes: ['DDColor_Colorize', 'LoadImage', 'SaveImage', 'Extra'], models: [] } }), /Extra not used in workflow\.json/],
    [
      manifest({ requires: { nodes: ['DDColor_Colorize', 'LoadImage', 'SaveImage'], models: [{ node: 'DDColor_Colorize', input: 'checkpoint', from: 'size' }] } }),
      /param "size" must be a choice param/,
    ],
    [manifest(), /links to node 9, which does not exist/, { ...graph(), '3': { class_type: 'SaveImage', inputs: { images: ['9', 0] } } }],
    [manifest(), /workflow\.json: .*class_type/, { '1': { inputs: {} } }],
  ];
  for (const [m, pattern, g] of cases) {
    const parent = await freshDir();
    const dir = await writeWorkflow(parent, 'wf', m, g ?? graph());
    const err = await rejectsWith(loadWorkflows(parent), pattern);
    assert.ok(err.path.startsWith(dir), `${err.path} is inside ${dir}`);
  }
});

void test('invalid JSON in a manifest names the file', async () => {
  const parent = await freshDir();
  const dir = await writeWorkflow(parent, 'wf', manifest());
  await writeFile(join(dir, 'manifest.json'), '{"schema": 1,');
  const err = await rejectsWith(loadWorkflows(parent), /manifest\.json is not valid JSON/);
  assert.equal(err.path, join(dir, 'manifest.json'));
});

void test('a UI-format workflow.json is recognised as such', async () => {
  const parent = await freshDir();
  await writeWorkflow(parent, 'wf', manifest(), { last_node_id: 3, last_link_id: 2, nodes: [], links: [] });
  await rejectsWith(loadWorkflows(parent), /UI-format workflow; export it with 'Save \(API Format\)'/);
});

void test('scanWorkflows keeps the good folders when one is broken; duplicate ids are a problem', async () => {
  const parent = await freshDir();
  await writeWorkflow(parent, 'a-good', manifest({ id: 'good' }));
  await writeWorkflow(parent, 'b-broken', manifest({ id: 'broken', output: { node: '99' } }));
  await writeWorkflow(parent, 'c-dup', manifest({ id: 'good' }));
  await mkdir(join(parent, 'not-a-workflow'));
  await writeFile(join(parent, 'README.md'), 'hi');
  const scan = await scanWorkflows(parent);
  assert.deepEqual(scan.workflows.map((w) => w.id), ['good']);
  assert.equal(scan.problems.length, 2);
  assert.match(scan.problems[0]?.message ?? '', /b-broken.*output: node 99/);
  assert.match(scan.problems[1]?.message ?? '', /c-dup.*id "good" is already used/);
  await rejectsWith(loadWorkflows(parent), /b-broken[\s\S]*c-dup/);
  await rejectsWith(loadWorkflows(join(parent, 'missing')), /cannot read the workflow folder .*ENOENT/);
});

void test('resolveParams fills defaults and refuses bad values with specific messages', async () => {
  const def = await loadOne(manifest());
  assert.deepEqual(resolveParams(def, {}), { ok: true, params: { size: 512, checkpoint: 'ddcolor_modelscope.pth' } });
  assert.deepEqual(resolveParams(def, { size: 1024, checkpoint: 'ddcolor_artistic.pth' }), {
    ok: true,
    params: { size: 1024, checkpoint: 'ddcolor_artistic.pth' },
  });
  const bad: Array<[Record<string, unknown>, RegExp]> = [
    [{ size: 500 }, /size must be a multiple of 32 \(got 500\)/],
    [{ size: 4096 }, /size must be between 128 and 2048 \(got 4096\)/],
    [{ size: 96 }, /size must be between 128 and 2048 \(got 96\)/],
    [{ size: 512.5 }, /size must be a whole number \(got 512\.5\)/],
    [{ size: '512' }, /size must be a whole number \(got "512"\)/],
    [{ checkpoint: 'ddcolor_paper.pth' }, /checkpoint must be one of ddcolor_modelscope\.pth, ddcolor_artistic\.pth \(got "ddcolor_paper\.pth"\)/],
    [{ sizee: 512 }, /workflow "test-ddcolor" has no parameter "sizee" \(it has size, checkpoint\)/],
  ];
  for (const [partial, pattern] of bad) {
    const result = resolveParams(def, partial);
    assert.equal(result.ok, false, JSON.stringify(partial));
    if (!result.ok) assert.match(result.message, pattern);
  }
  const both = resolveParams(def, { size: 1, checkpoint: 'x' });
  assert.ok(!both.ok && both.message.includes('size') && both.message.includes('checkpoint'), 'every problem is reported');
});

void test('buildPrompt sets image and params on a deep copy, never on the template', async () => {
  const def = await loadOne(manifest());
  const before = JSON.stringify(def.template);
  const prompt = buildPrompt(def, { image: 'heirloom/ab12.png', params: { size: 1024, checkpoint: 'ddcolor_artistic.pth' } });
  assert.deepEqual(prompt, {
    '1': { class_type: 'LoadImage', inputs: { image: 'heirloom/ab12.png' } },
    '2': { class_type: 'DDColor_Colorize', inputs: { image: ['1', 0], model_input_size: 1024, checkpoint: 'ddcolor_artistic.pth' } },
    '3': { class_type: 'SaveImage', inputs: { images: ['2', 0], filename_prefix: 'heirloom/ddcolor' } },
  });
  prompt['2']!.inputs['checkpoint'] = 'changed';
  (prompt['2']!.inputs['image'] as unknown[])[0] = '9';
  assert.equal(JSON.stringify(def.template), before);
});

void test('missingNodes / missingModels read both combo shapes', async () => {
  const def = await loadOne(manifest());
  const params = { size: 512, checkpoint: 'ddcolor_artistic.pth' };
  const legacy = {
    LoadImage: {},
    SaveImage: {},
    DDColor_Colorize: { input: { required: { checkpoint: [['ddcolor_paper.pth', 'ddcolor_artistic.pth'], {}] } } },
  };
  const v3 = {
    LoadImage: {},
    SaveImage: {},
    DDColor_Colorize: { input: { optional: { checkpoint: ['COMBO', { options: ['ddcolor_modelscope.pth'] }] } } },
  };
  assert.deepEqual(missingNodes(def, legacy), []);
  assert.deepEqual(missingModels(def, legacy, params), []);
  assert.deepEqual(missingModels(def, v3, params), ['ddcolor_artistic.pth']);
  assert.deepEqual(missingModels(def, v3, { ...params, checkpoint: 'ddcolor_modelscope.pth' }), []);
  assert.deepEqual(missingNodes(def, { LoadImage: {} }), ['DDColor_Colorize', 'SaveImage']);
  // A node the backend lacks is missingNodes' business, not a missing model.
  assert.deepEqual(missingModels(def, { LoadImage: {} }, params), []);
  // A free-text input cannot be checked, so it does not count as missing.
  assert.deepEqual(missingModels(def, { DDColor_Colorize: { input: { required: { checkpoint: ['STRING', {}] } } } }, params), []);

  assert.deepEqual(comboOptions([['a', 'b'], { default: 'a' }]), ['a', 'b']);
  assert.deepEqual(comboOptions([['a']]), ['a']);
  assert.deepEqual(comboOptions(['COMBO', { options: ['x', 'y'] }]), ['x', 'y']);
  assert.equal(comboOptions(['COMBO', {}]), undefined);
  assert.equal(comboOptions(['INT', { min: 0 }]), undefined);
  assert.equal(comboOptions('nonsense'), undefined);
});

void test('toWorkflowDto matches the contract shape', async () => {
  const def = await loadOne(manifest());
  assert.deepEqual(toWorkflowDto(def), {
    id: 'test-ddcolor',
    title: 'Test',
    kind: 'portrait',
    params: [
      { type: 'int', name: 'size', label: 'size', min: 128, max: 2048, multipleOf: 32, default: 512 },
      { type: 'choice', name: 'checkpoint', label: 'Model', choices: ['ddcolor_modelscope.pth', 'ddcolor_artistic.pth'], default: 'ddcolor_modelscope.pth' },
    ],
    requiredNodes: ['DDColor_Colorize', 'LoadImage', 'SaveImage'],
  });
});

void test('idempotencyKey: same inputs in any key order → same key; any change → another key', async () => {
  const def = await loadOne(manifest());
  const photo = 'a'.repeat(64);
  const key = idempotencyKey(photo, def, { size: 512, checkpoint: 'ddcolor_modelscope.pth' });
  assert.match(key, /^[0-9a-f]{64}$/);
  assert.equal(idempotencyKey(photo, def, { checkpoint: 'ddcolor_modelscope.pth', size: 512 }), key);
  assert.notEqual(idempotencyKey('b'.repeat(64), def, { size: 512, checkpoint: 'ddcolor_modelscope.pth' }), key);
  assert.notEqual(idempotencyKey(photo, def, { size: 544, checkpoint: 'ddcolor_modelscope.pth' }), key);
  const edited = await loadOne(manifest(), { ...graph(), '3': { class_type: 'SaveImage', inputs: { images: ['2', 0], filename_prefix: 'other' } } });
  assert.notEqual(idempotencyKey(photo, edited, { size: 512, checkpoint: 'ddcolor_modelscope.pth' }), key, 'a template edit changes the key');
  // Same template written with other key order and whitespace: same key.
  const reordered = await loadOne(manifest(), JSON.parse(JSON.stringify({ '3': graph()['3'], '2': graph()['2'], '1': graph()['1'] })));
  assert.equal(idempotencyKey(photo, reordered, { size: 512, checkpoint: 'ddcolor_modelscope.pth' }), key);
});

void test('a user API-format file: single LoadImage in, SaveImage nodes out, every class required, no params', async () => {
  const path = await userFile({
    '10': { class_type: 'LoadImage', inputs: { image: 'x.png' } },
    '11': { class_type: 'ImageInvert', inputs: { image: ['10', 0] } },
    '12': { class_type: 'SaveImage', inputs: { images: ['11', 0], filename_prefix: 'a' } },
    '13': { class_type: 'PreviewImage', inputs: { images: ['10', 0] } },
    '2': { class_type: 'SaveImage', inputs: { images: ['10', 0], filename_prefix: 'b' } },
  });
  const def = await loadWorkflowFile(path);
  assert.equal(def.id, 'file:老照片 workflow.json');
  assert.equal(def.title.en, '老照片 workflow');
  assert.deepEqual(def.imageInput, { node: '10', input: 'image' });
  assert.deepEqual(def.outputNodes, ['2', '12'], 'SaveImage nodes win over PreviewImage, in numeric id order');
  assert.deepEqual(def.requires.nodes, ['ImageInvert', 'LoadImage', 'PreviewImage', 'SaveImage']);
  assert.deepEqual(def.params, {});
  assert.deepEqual(resolveParams(def, {}), { ok: true, params: {} });
  assert.equal(buildPrompt(def, { image: 'heirloom/p.png', params: {} })['10']?.inputs['image'], 'heirloom/p.png');

  const preview = await loadWorkflowFile(
    await userFile({
      '1': { class_type: 'LoadImage', inputs: { image: 'x.png' } },
      '2': { class_type: 'PreviewImage', inputs: { images: ['1', 0] } },
    }),
  );
  assert.deepEqual(preview.outputNodes, ['2']);
});

void test('user files: clear errors for UI format, no LoadImage, two LoadImage, no SaveImage, bad JSON', async () => {
  await rejectsWith(
    loadWorkflowFile(await userFile({ id: 'abc', revision: 0, last_node_id: 3, last_link_id: 2, nodes: [{ id: 1, type: 'LoadImage' }], links: [], version: 0.4 })),
    /this is a UI-format workflow; export it with 'Save \(API Format\)'/,
  );
  await rejectsWith(
    loadWorkflowFile(await userFile({ '1': { class_type: 'SaveImage', inputs: { images: ['1', 0] } } })),
    /has no LoadImage node/,
  );
  await rejectsWith(
    loadWorkflowFile(
      await userFile({
        '1': { class_type: 'LoadImage', inputs: { image: 'a.png' } },
        '2': { class_type: 'LoadImage', inputs: { image: 'b.png' } },
        '3': { class_type: 'SaveImage', inputs: { images: ['1', 0] } },
      }),
    ),
    /has 2 LoadImage nodes \(1, 2\)/,
  );
  await rejectsWith(
    loadWorkflowFile(await userFile({ '1': { class_type: 'LoadImage', inputs: { image: 'a.png' } }, '2': { class_type: 'ImageInvert', inputs: { image: ['1', 0] } } })),
    /has no SaveImage node/,
  );
  const badJson = await userFile('{"1": {"class_type": ', 'broken.json');
  const err = await rejectsWith(loadWorkflowFile(badJson), /broken\.json is not valid JSON/);
  assert.equal(err.path, badJson);
  await rejectsWith(loadWorkflowFile(await userFile([1, 2, 3])), /not a ComfyUI API-format workflow/);
  await rejectsWith(loadWorkflowFile(await userFile({})), /the workflow has no nodes/);
  await rejectsWith(loadWorkflowFile(join(root, 'nope.json')), /cannot read .*nope\.json \(ENOENT\)/);
  await rejectsWith(loadWorkflowFile(root), /is not a file/);
  await rejectsWith(
    loadWorkflowFile(await userFile({ '1': { class_type: 'LoadImage', inputs: { image: 'a' } }, '2': { class_type: 'SaveImage', inputs: { images: ['5', 0] } } })),
    /node 2 \(SaveImage\) input "images" links to node 5/,
  );
});

void test('a UTF-8 BOM (Windows editors) is accepted', async () => {
  const path = await userFile(`\uFEFF${JSON.stringify(graph())}`);
  assert.equal((await loadWorkflowFile(path)).imageInput.node, '1');
});
