// Every shipped workflow loads through the app's own loader, and each manifest agrees with its
// template — checked here again from the raw files, independently of the loader's own checks.
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { buildChromaPrompt, buildPrompt, loadWorkflows, missingModels, missingNodes, resolveParams, toWorkflowDto } from '../electron/core/workflows';

const here = dirname(fileURLToPath(import.meta.url));

interface RawNode {
  class_type: string;
  inputs: Record<string, unknown>;
}
type RawParam =
  | { type: 'int'; node: string; input: string; min: number; max: number; multipleOf?: number; default: number }
  | { type: 'choice'; node: string; input: string; choices: string[]; default: string };
interface RawManifest {
  id: string;
  imageInput: { node: string; input: string };
  output: { node: string };
  params: Record<string, RawParam>;
  requires: { nodes: string[]; models: Array<{ node: string; input: string; from: string }> };
}

async function shippedFolders(): Promise<string[]> {
  const entries = await readdir(here, { withFileTypes: true });
  return entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
}

async function readRaw(folder: string): Promise<{ manifest: RawManifest; graph: Record<string, RawNode> }> {
  const read = async (name: string) => JSON.parse(await readFile(join(here, folder, name), 'utf8')) as unknown;
  return { manifest: (await read('manifest.json')) as RawManifest, graph: (await read('workflow.json')) as Record<string, RawNode> };
}

/** The backend as the DDColor pack describes itself in /object_info (V3 combo shape for the checkpoint). */
const ddcolorBackend = {
  LoadImage: { input: { required: { image: [['example.png'], { image_upload: true }] } } },
  SaveImage: { input: { required: { images: ['IMAGE'], filename_prefix: ['STRING', { default: 'ComfyUI' }] } } },
  DDColor_Colorize: {
    input: {
      required: {
        image: ['IMAGE'],
        model_input_size: ['INT', { default: 512, min: 32, max: 4096, step: 32 }],
        checkpoint: ['COMBO', { options: ['ddcolor_paper_tiny.pth', 'ddcolor_paper.pth', 'ddcolor_modelscope.pth', 'ddcolor_artistic.pth'] }],
      },
    },
  },
};

void test('every folder is a workflow and every workflow loads', async () => {
  const defs = await loadWorkflows(here);
  assert.deepEqual(defs.map((d) => d.id).sort(), await shippedFolders());
  assert.deepEqual(defs.map((d) => d.id).sort(), ['ddcolor-architecture', 'ddcolor-portrait']);
});

void test('manifests agree with their templates', async () => {
  for (const folder of await shippedFolders()) {
    const { manifest, graph } = await readRaw(folder);
    const where = `${folder}/manifest.json`;
    assert.equal(manifest.id, folder, `${where}: id equals the folder name`);

    const image = graph[manifest.imageInput.node];
    assert.equal(image?.class_type, 'LoadImage', `${where}: imageInput is a LoadImage node`);
    assert.ok(image && manifest.imageInput.input in image.inputs, `${where}: imageInput names an input of that node`);
    assert.equal(graph[manifest.output.node]?.class_type, 'SaveImage', `${where}: output is a SaveImage node`);

    const classTypes = [...new Set(Object.values(graph).map((n) => n.class_type))].sort();
    assert.deepEqual([...manifest.requires.nodes].sort(), classTypes, `${where}: requires.nodes lists exactly the template's class types`);

    for (const [name, p] of Object.entries(manifest.params)) {
      const node = graph[p.node];
      assert.ok(node, `${where}: params.${name} targets node ${p.node}, which exists`);
      assert.ok(p.input in node.inputs, `${where}: params.${name} targets an input the node has`);
      // The template runs as the manifest documents it: its value is the param's default.
      assert.equal(node.inputs[p.input], p.default, `${where}: params.${name} default equals the template value`);
      if (p.type === 'int') {
        assert.ok(p.min <= p.default && p.default <= p.max, `${where}: params.${name} default within ${p.min}..${p.max}`);
        if (p.multipleOf !== undefined) assert.equal(p.default % p.multipleOf, 0, `${where}: params.${name} default is a multiple of ${p.multipleOf}`);
      } else {
        assert.ok(p.choices.includes(p.default), `${where}: params.${name} default is one of its choices`);
      }
    }
    for (const model of manifest.requires.models) {
      const param = manifest.params[model.from];
      assert.equal(param?.type, 'choice', `${where}: requires.models names a choice param`);
      assert.equal(graph[param.node]?.class_type, model.node);
      assert.equal(param.input, model.input);
    }
    for (const [id, node] of Object.entries(graph)) {
      for (const value of Object.values(node.inputs)) {
        if (Array.isArray(value) && typeof value[0] === 'string') assert.ok(graph[value[0]], `${folder}/workflow.json: node ${id} links to an existing node`);
      }
    }
  }
});

void test('DDColor node ids are the same in every shipped workflow (the node caches its model per id)', async () => {
  for (const folder of await shippedFolders()) {
    const { graph } = await readRaw(folder);
    assert.deepEqual(
      Object.fromEntries(Object.entries(graph).map(([id, n]) => [id, n.class_type])),
      { '1': 'LoadImage', '2': 'DDColor_Colorize', '3': 'SaveImage' },
      folder,
    );
  }
});

void test('presets: portrait runs DDColor at 512, architecture at 960, both with the modelscope checkpoint', async () => {
  const defs = new Map((await loadWorkflows(here)).map((d) => [d.id, d]));
  for (const [id, size] of [['ddcolor-portrait', 512], ['ddcolor-architecture', 960]] as const) {
    const def = defs.get(id);
    assert.ok(def);
    const params = resolveParams(def, {});
    assert.ok(params.ok);
    const prompt = buildPrompt(def, { image: 'heirloom/abc.png', params: params.params });
    assert.deepEqual(prompt['2']?.inputs, { image: ['1', 0], model_input_size: size, checkpoint: 'ddcolor_modelscope.pth' });
    assert.deepEqual(prompt['1']?.inputs, { image: 'heirloom/abc.png' });
    assert.deepEqual(missingNodes(def, ddcolorBackend), []);
    assert.deepEqual(missingModels(def, ddcolorBackend, params.params), []);
    const dto = toWorkflowDto(def);
    assert.equal(dto.kind, id === 'ddcolor-portrait' ? 'portrait' : 'architecture');
    assert.deepEqual(dto.requiredNodes, ['DDColor_Colorize', 'LoadImage', 'SaveImage']);
  }
});

void test('shipped DDColor presets run in chroma mode at their model input size', async () => {
  for (const def of await loadWorkflows(here)) {
    assert.deepEqual(def.mode, { type: 'chroma', node: '2' }, def.id);
    const params = resolveParams(def, { size: 640 });
    assert.ok(params.ok);
    const { prompt, modelInputSize } = buildChromaPrompt(def, { image: 'heirloom/small.png', params: params.params });
    assert.equal(modelInputSize, 640);
    assert.deepEqual(prompt['1']?.inputs, { image: 'heirloom/small.png' });
    assert.deepEqual(prompt['2']?.inputs, { image: ['1', 0], model_input_size: 640, checkpoint: 'ddcolor_modelscope.pth' });
    assert.deepEqual(prompt['3']?.inputs, { images: ['2', 0], filename_prefix: 'heirloom/ddcolor' });
  }
});
