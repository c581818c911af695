// The settings sections' pure parts: the file-name preview, where the core's complaints belong,
// and the workflow parameter checks and names.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HeirloomError } from '../../electron/shared/client';
import type { WorkflowDto } from '../../electron/shared/contract';
import { paramLabel, paramProblem, paramValues, workflowTitle } from '../../renderer/components/workflow-text';
import { createI18n, translator } from '../../renderer/i18n/create-i18n';
import { fieldErrors } from '../../renderer/views/settings/field-errors';
import { previewName } from '../../renderer/views/settings/naming';

const t = translator(createI18n('en'));
const zh = translator(createI18n('zh-CN'));

const portrait: WorkflowDto = {
  id: 'ddcolor-portrait',
  title: 'Portraits (DDColor, 512)',
  kind: 'portrait',
  requiredNodes: ['DDColor_Colorize'],
  params: [
    { type: 'int', name: 'size', label: 'Model input size', min: 128, max: 2048, multipleOf: 32, default: 512 },
    { type: 'choice', name: 'checkpoint', label: 'Model', choices: ['ddcolor_modelscope.pth', 'ddcolor_paper_tiny.pth'], default: 'ddcolor_modelscope.pth' },
  ],
};

describe('file name preview', () => {
  it('fills the tokens and adds the format’s extension', () => {
    const example = { stem: '奶奶 1952', workflowId: 'ddcolor-portrait', date: new Date(2026, 2, 7) };
    assert.equal(previewName('{name}.colorized', 'png', example), '奶奶 1952.colorized.png');
    assert.equal(previewName('{date} {name} ({workflow})', 'jpeg', example), '2026-03-07 奶奶 1952 (ddcolor-portrait).jpg');
    assert.equal(previewName('{name}', 'tiff', example), '奶奶 1952.tif');
  });
});

describe('field errors', () => {
  it('puts the core’s `field: message` parts next to their fields, the rest on the section', () => {
    const error = new HeirloomError('invalid-arguments', 'namingPattern: must contain {name}; arguments: Unrecognized key "x"');
    assert.deepEqual(fieldErrors(error, ['namingPattern', 'outputDir']), { fields: { namingPattern: 'must contain {name}' }, general: 'arguments: Unrecognized key "x"' });
  });

  it('puts a workflow parameter refused by its manifest next to that parameter', () => {
    const error = new HeirloomError('invalid-parameters', 'ddcolor-portrait: size must be a multiple of 32');
    assert.deepEqual(fieldErrors(error, ['workflowId', 'workflowParams'], ['size', 'checkpoint']), { fields: { 'workflowParams.size': 'size must be a multiple of 32' }, general: null });
  });
});

describe('workflow parameters', () => {
  it('checks whole numbers, ranges, steps and choices', () => {
    const [size, checkpoint] = portrait.params;
    if (size === undefined || checkpoint === undefined) throw new Error('fixture');
    assert.equal(paramProblem(size, 512, t), null);
    assert.equal(paramProblem(size, 100, t), 'Between 128 and 2048');
    assert.equal(paramProblem(size, 500, t), 'Must be a multiple of 32');
    assert.equal(paramProblem(size, Number.NaN, t), 'Enter a whole number');
    assert.equal(paramProblem(checkpoint, 'other.pth', t), 'Choose one of the list');
    assert.equal(paramProblem(checkpoint, 'ddcolor_paper_tiny.pth', t), null);
  });

  it('starts from the defaults, overridden by the saved values', () => {
    assert.deepEqual(paramValues(portrait, { size: 768, unrelated: 1 }), { size: 768, checkpoint: 'ddcolor_modelscope.pth' });
  });

  it('names the built-in workflows and parameters in the user’s language, others as their manifest says', () => {
    assert.equal(workflowTitle(portrait, zh), '人像（DDColor，512）');
    assert.equal(workflowTitle({ id: 'file:/me/mine.json', title: 'My workflow' }, zh), 'My workflow');
    assert.equal(paramLabel({ name: 'size', label: 'Model input size' }, zh), '模型输入尺寸');
    assert.equal(paramLabel({ name: 'strength', label: 'Strength' }, zh), 'Strength');
  });
});
