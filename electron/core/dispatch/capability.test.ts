import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadWorkflows, type ObjectInfoLike } from '../workflows';
import { describeShortfalls, jobFit, modelChoices, shortfalls } from './capability';

const WORKFLOWS = join(import.meta.dirname, '..', '..', '..', 'workflows');
const portrait = async () => {
  const def = (await loadWorkflows(WORKFLOWS)).find((w) => w.id === 'ddcolor-portrait');
  assert.ok(def);
  base = Object.fromEntries(def.requires.nodes.filter((n) => n !== 'DDColor_Colorize').map((n) => [n, {}]));
  return def;
};

const legacyCombo = (options: string[]) => ({ input: { required: { image: ['IMAGE'], model_input_size: ['INT', {}], checkpoint: [options, {}] } } });
const v3Combo = (options: string[]) => ({ input: { required: { image: ['IMAGE'], checkpoint: ['COMBO', { options }] } } });
/** Every node the workflow needs except DDColor's, as an empty /object_info entry. */
let base: Record<string, object> = {};
const ALL = ['ddcolor_paper_tiny.pth', 'ddcolor_paper.pth', 'ddcolor_modelscope.pth', 'ddcolor_artistic.pth'];

test('shortfalls: nodes missing, a model not among the choices (both combo shapes), or nothing', async () => {
  const def = await portrait();
  const params = { size: 512, checkpoint: 'ddcolor_artistic.pth' };
  const cases: Array<[string, ObjectInfoLike, unknown[]]> = [
    ['a full install', { ...base, DDColor_Colorize: legacyCombo(ALL) }, []],
    ['V3 combo shape', { ...base, DDColor_Colorize: v3Combo(ALL) }, []],
    ['no DDColor pack', base, [{ kind: 'node', nodeType: 'DDColor_Colorize' }]],
    ['bare server', {}, [...def.requires.nodes].sort().map((nodeType) => ({ kind: 'node', nodeType }))],
    ['only the tiny model', { ...base, DDColor_Colorize: legacyCombo(['ddcolor_paper_tiny.pth']) }, [{ kind: 'model', model: 'ddcolor_artistic.pth', nodeType: 'DDColor_Colorize', input: 'checkpoint' }]],
    ['input is not a combo: cannot tell, so not missing', { ...base, DDColor_Colorize: { input: { required: { checkpoint: ['STRING', {}] } } } }, []],
  ];
  for (const [label, info, expected] of cases) assert.deepEqual(shortfalls(def, params, info), expected, label);
});

test('describeShortfalls names what is missing and where', () => {
  assert.equal(
    describeShortfalls('http://gpu:8188', [
      { kind: 'node', nodeType: 'DDColor_Colorize' },
      { kind: 'model', model: 'x.pth', nodeType: 'DDColor_Colorize', input: 'checkpoint' },
    ]),
    'node DDColor_Colorize is not installed on http://gpu:8188; model x.pth (DDColor_Colorize.checkpoint) is not available on http://gpu:8188',
  );
});

test('jobFit validates params against the manifest before looking at the backend', async () => {
  const def = await portrait();
  const info = { ...base, DDColor_Colorize: legacyCombo(['ddcolor_modelscope.pth']) };
  assert.deepEqual(jobFit(def, {}, info), { kind: 'runs' }, 'defaults: modelscope at 512');
  assert.deepEqual(jobFit(def, { size: 500 }, info), { kind: 'invalid', message: 'size must be a multiple of 32 (got 500)' });
  assert.deepEqual(jobFit(def, { size: 4096 }, info), { kind: 'invalid', message: 'size must be between 128 and 2048 (got 4096)' });
  assert.equal(jobFit(def, { checkpoint: 'nope.pth' }, info).kind, 'invalid', 'not among the manifest choices');
  assert.deepEqual(jobFit(def, { checkpoint: 'ddcolor_paper.pth' }, info), {
    kind: 'lacks',
    missing: [{ kind: 'model', model: 'ddcolor_paper.pth', nodeType: 'DDColor_Colorize', input: 'checkpoint' }],
  });
});

test('modelChoices lists what the backend offers for the workflows model inputs', async () => {
  const def = await portrait();
  assert.deepEqual(modelChoices([def], { ...base, DDColor_Colorize: v3Combo(['b.pth', 'a.pth']) }), ['a.pth', 'b.pth']);
  assert.deepEqual(modelChoices([def], base), []);
});
