// ComfyUI emulator (test infrastructure): POST /prompt validation replays RECORDED D1–D11.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import type { ComfyEmulator } from './index';
import { greyPng, postJson, startTestEmulator, upload } from './test-support';

async function ready(t: TestContext, options = {}): Promise<ComfyEmulator> {
  const emulator = await startTestEmulator(t, options);
  assert.equal((await upload(emulator, 'test512.png', await greyPng(64, 64))).status, 200);
  return emulator;
}

async function submit(emulator: ComfyEmulator, prompt: unknown): Promise<{ status: number; body: Record<string, unknown>; text: string }> {
  const res = await postJson(emulator, '/prompt', { prompt, client_id: 'validation' });
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text) as Record<string, unknown>, text };
}

const load = { class_type: 'LoadImage', inputs: { image: 'test512.png' } };

test('D1 unknown class_type', async (t) => {
  const emulator = await ready(t);
  const { status, text } = await submit(emulator, { '1': { class_type: 'NoSuchNode', inputs: {} } });
  assert.equal(status, 400);
  assert.equal(
    text,
    '{"error": {"type": "invalid_prompt", "message": "Cannot execute because node NoSuchNode does not exist.", "details": "Node ID \'#1\'", "extra_info": {}}, "node_errors": {}}',
  );
});

test('D2 bad input type', async (t) => {
  const emulator = await ready(t);
  const prompt = {
    '1': load,
    '2': { class_type: 'ImageScale', inputs: { image: ['1', 0], upscale_method: 'bilinear', width: 'abc', height: 64, crop: 'disabled' } },
    '3': { class_type: 'SaveImage', inputs: { images: ['2', 0], filename_prefix: 'x' } },
  };
  const { status, body } = await submit(emulator, prompt);
  assert.equal(status, 400);
  assert.deepEqual(body, {
    error: { type: 'prompt_outputs_failed_validation', message: 'Prompt outputs failed validation', details: '', extra_info: {} },
    node_errors: {
      '2': {
        errors: [
          {
            type: 'invalid_input_type',
            message: 'Failed to convert an input value to a INT value',
            details: "width, abc, invalid literal for int() with base 10: 'abc'",
            extra_info: {
              input_name: 'width',
              input_config: ['INT', { default: 512, min: 0, max: 16384, step: 1 }],
              received_value: 'abc',
              exception_message: "invalid literal for int() with base 10: 'abc'",
            },
          },
        ],
        dependent_outputs: ['3'],
        class_type: 'ImageScale',
      },
    },
  });
});

test('D3 value out of range', async (t) => {
  const emulator = await ready(t);
  const prompt = {
    '1': load,
    '2': { class_type: 'ImageScaleBy', inputs: { image: ['1', 0], upscale_method: 'bilinear', scale_by: 100 } },
    '3': { class_type: 'SaveImage', inputs: { images: ['2', 0], filename_prefix: 'x' } },
  };
  const { status, body } = await submit(emulator, prompt);
  assert.equal(status, 400);
  assert.deepEqual(body['node_errors'], {
    '2': {
      errors: [
        {
          type: 'value_bigger_than_max',
          message: 'Value 100.0 bigger than max of 8.0',
          details: 'scale_by',
          extra_info: { input_name: 'scale_by', input_config: ['FLOAT', { default: 1, min: 0.01, max: 8, step: 0.01 }], received_value: 100 },
        },
      ],
      dependent_outputs: ['3'],
      class_type: 'ImageScaleBy',
    },
  });
});

test('D4 bad combo value', async (t) => {
  const emulator = await ready(t);
  const prompt = {
    '1': load,
    '2': { class_type: 'ImageScale', inputs: { image: ['1', 0], upscale_method: 'magic', width: 64, height: 64, crop: 'disabled' } },
    '3': { class_type: 'SaveImage', inputs: { images: ['2', 0], filename_prefix: 'x' } },
  };
  const { body } = await submit(emulator, prompt);
  assert.deepEqual((body['node_errors'] as Record<string, { errors: unknown[] }>)['2']?.errors, [
    {
      type: 'value_not_in_list',
      message: 'Value not in list',
      details: "upscale_method: 'magic' not in ['nearest-exact', 'bilinear', 'area', 'bicubic', 'lanczos']",
      extra_info: { input_name: 'upscale_method', input_config: [['nearest-exact', 'bilinear', 'area', 'bicubic', 'lanczos'], {}], received_value: 'magic' },
    },
  ]);
});

test('D5 missing required input', async (t) => {
  const emulator = await ready(t);
  const prompt = { '1': load, '2': { class_type: 'ImageInvert', inputs: {} }, '3': { class_type: 'SaveImage', inputs: { images: ['2', 0], filename_prefix: 'x' } } };
  const { status, body } = await submit(emulator, prompt);
  assert.equal(status, 400);
  assert.deepEqual(body['node_errors'], {
    '2': {
      errors: [{ type: 'required_input_missing', message: 'Required input is missing', details: 'image', extra_info: { input_name: 'image' } }],
      dependent_outputs: ['3'],
      class_type: 'ImageInvert',
    },
  });
});

test('D6 nonexistent input file', async (t) => {
  const emulator = await ready(t);
  const prompt = { '1': { class_type: 'LoadImage', inputs: { image: 'does_not_exist.png' } }, '3': { class_type: 'SaveImage', inputs: { images: ['1', 0], filename_prefix: 'x' } } };
  const { status, body } = await submit(emulator, prompt);
  assert.equal(status, 400);
  assert.deepEqual(body, {
    error: { type: 'prompt_outputs_failed_validation', message: 'Prompt outputs failed validation', details: '', extra_info: {} },
    node_errors: {
      '1': {
        errors: [
          { type: 'custom_validation_failed', message: 'Custom validation failed for node', details: 'image - Invalid image file: does_not_exist.png', extra_info: { input_name: 'image' } },
        ],
        dependent_outputs: ['3'],
        class_type: 'LoadImage',
      },
    },
  });
});

test('D7 link to a missing node', async (t) => {
  const emulator = await ready(t);
  const { status, body } = await submit(emulator, { '3': { class_type: 'SaveImage', inputs: { images: ['99', 0], filename_prefix: 'x' } } });
  assert.equal(status, 400);
  assert.deepEqual(body['error'], {
    type: 'prompt_outputs_failed_validation',
    message: 'Prompt outputs failed validation',
    details: "Exception when validating node: '99'",
    extra_info: {},
  });
  const entry = (body['node_errors'] as Record<string, { errors: Array<{ extra_info: Record<string, unknown> }> }>)['3'];
  assert.ok(entry);
  const traceback = entry.errors[0]?.extra_info['traceback'];
  assert.ok(Array.isArray(traceback) && traceback.every((line) => typeof line === 'string'));
  assert.deepEqual(body['node_errors'], {
    '3': {
      errors: [{ type: 'exception_during_validation', message: 'Exception when validating node', details: "'99'", extra_info: { exception_type: 'KeyError', traceback } }],
      dependent_outputs: ['3'],
      class_type: 'SaveImage',
    },
  });
});

test('D8 no output node', async (t) => {
  const emulator = await ready(t);
  const { status, body } = await submit(emulator, { '1': load, '2': { class_type: 'ImageInvert', inputs: { image: ['1', 0] } } });
  assert.equal(status, 400);
  assert.deepEqual(body, { error: { type: 'prompt_no_outputs', message: 'Prompt has no outputs', details: '', extra_info: {} }, node_errors: {} });
});

test('D9 missing class_type', async (t) => {
  const emulator = await ready(t);
  const { status, body } = await submit(emulator, { '1': { inputs: {} } });
  assert.equal(status, 400);
  assert.deepEqual(body, {
    error: { type: 'invalid_prompt', message: 'Cannot execute because a node is missing the class_type property.', details: "Node ID '#1'", extra_info: {} },
    node_errors: {},
  });
});

test('D10 no prompt key, D11 malformed JSON', async (t) => {
  const emulator = await ready(t);
  const res = await postJson(emulator, '/prompt', { client_id: 'x' });
  assert.equal(res.status, 400);
  assert.deepEqual(await res.json(), { error: { type: 'no_prompt', message: 'No prompt provided', details: 'No prompt provided', extra_info: {} }, node_errors: {} });
  const bad = await fetch(`${emulator.url}/prompt`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"prompt": {' });
  assert.equal(bad.status, 500);
  assert.match(bad.headers.get('content-type') ?? '', /^text\/plain/);
  assert.equal(await bad.text(), '500 Internal Server Error\n\nServer got itself in trouble');
});

test('the counter advances on every parsed POST /prompt, valid or not (E got number 13)', async (t) => {
  const emulator = await ready(t);
  await submit(emulator, { '1': { class_type: 'NoSuchNode', inputs: {} } });
  await postJson(emulator, '/prompt', {});
  const res = await postJson(emulator, '/prompt', { prompt: { '1': load, '2': { class_type: 'SaveImage', inputs: { images: ['1', 0], filename_prefix: 'n' } } } });
  assert.equal(((await res.json()) as { number: number }).number, 2);
});

test('an omitted node is "not installed": missing from /object_info and refused by /prompt', async (t) => {
  const emulator = await ready(t, { omitNodes: ['DDColor_Colorize'] });
  assert.deepEqual(await (await fetch(`${emulator.url}/object_info/DDColor_Colorize`)).json(), {});
  const all = (await (await fetch(`${emulator.url}/object_info`)).json()) as Record<string, unknown>;
  assert.equal(all['DDColor_Colorize'], undefined);
  assert.ok(all['LoadImage']);
  const { status, body } = await submit(emulator, {
    '1': load,
    '2': { class_type: 'DDColor_Colorize', inputs: { image: ['1', 0], model_input_size: 512, checkpoint: 'ddcolor_modelscope.pth' } },
    '3': { class_type: 'SaveImage', inputs: { images: ['2', 0], filename_prefix: 'x' } },
  });
  assert.equal(status, 400);
  assert.deepEqual(body['error'], { type: 'invalid_prompt', message: 'Cannot execute because node DDColor_Colorize does not exist.', details: "Node ID '#2'", extra_info: {} });
});

test('DDColor inputs: unknown checkpoint → value_not_in_list; size checks min/max but not step', async (t) => {
  const emulator = await ready(t);
  const ddcolor = (inputs: Record<string, unknown>) => ({
    '1': load,
    '2': { class_type: 'DDColor_Colorize', inputs: { image: ['1', 0], ...inputs } },
    '3': { class_type: 'SaveImage', inputs: { images: ['2', 0], filename_prefix: 'x' } },
  });
  const badCheckpoint = await submit(emulator, ddcolor({ model_input_size: 512, checkpoint: 'ddcolor_huge.pth' }));
  assert.equal(badCheckpoint.status, 400);
  const [error] = (badCheckpoint.body['node_errors'] as Record<string, { errors: Array<Record<string, unknown>> }>)['2']?.errors ?? [];
  assert.equal(error?.['type'], 'value_not_in_list');
  assert.equal(error?.['details'], "checkpoint: 'ddcolor_huge.pth' not in ['ddcolor_paper_tiny.pth', 'ddcolor_paper.pth', 'ddcolor_modelscope.pth', 'ddcolor_artistic.pth']");
  const tooSmall = await submit(emulator, ddcolor({ model_input_size: 16, checkpoint: 'ddcolor_paper.pth' }));
  const [small] = (tooSmall.body['node_errors'] as Record<string, { errors: Array<Record<string, unknown>> }>)['2']?.errors ?? [];
  assert.equal(small?.['message'], 'Value 16 smaller than min of 32');
  const offStep = await submit(emulator, ddcolor({ model_input_size: 500, checkpoint: 'ddcolor_paper.pth' }));
  assert.equal(offStep.status, 200);
});

test('one failing output of two: 200, queued with the good output, failure listed', async (t) => {
  const emulator = await ready(t);
  const { status, body } = await submit(emulator, {
    '1': load,
    '2': { class_type: 'SaveImage', inputs: { images: ['1', 0], filename_prefix: 'good' } },
    '3': { class_type: 'SaveImage', inputs: { images: ['1', 0] } },
  });
  assert.equal(status, 200);
  assert.equal(typeof body['prompt_id'], 'string');
  assert.deepEqual(body['node_errors'], {
    '3': {
      errors: [{ type: 'required_input_missing', message: 'Required input is missing', details: 'filename_prefix', extra_info: { input_name: 'filename_prefix' } }],
      dependent_outputs: ['3'],
      class_type: 'SaveImage',
    },
  });
});

test('LoadImage accepts "subfolder/name" and "name [input]", refuses paths leaving input/', async (t) => {
  const emulator = await ready(t);
  assert.equal((await upload(emulator, 'tiny8.png', await greyPng(8, 8), { subfolder: 'e2e', overwrite: 'true', type: 'input' })).status, 200);
  for (const image of ['e2e/tiny8.png', 'test512.png [input]']) {
    const { status } = await submit(emulator, { '1': { class_type: 'LoadImage', inputs: { image } }, '2': { class_type: 'SaveImage', inputs: { images: ['1', 0], filename_prefix: 7 } } });
    assert.equal(status, 200, image);
  }
  const escape = await submit(emulator, { '1': { class_type: 'LoadImage', inputs: { image: '../../etc/passwd' } }, '2': { class_type: 'SaveImage', inputs: { images: ['1', 0], filename_prefix: 'x' } } });
  assert.equal(escape.status, 400);
});

test('protocol 0.33: client prompt_id must be a canonical lowercase UUID', async (t) => {
  const emulator = await ready(t, { protocol: '0.33' });
  const prompt = { '1': load, '2': { class_type: 'SaveImage', inputs: { images: ['1', 0], filename_prefix: 'x' } } };
  for (const prompt_id of ['job-1', 'A3B5C0DE-0000-4000-8000-000000000000', '{a3b5c0de-0000-4000-8000-000000000000}', 42]) {
    const res = await postJson(emulator, '/prompt', { prompt, prompt_id });
    assert.equal(res.status, 400, String(prompt_id));
    assert.deepEqual(await res.json(), {
      error: {
        type: 'invalid_prompt_id',
        message: 'prompt_id must be a valid UUID',
        details: 'prompt_id must be a UUID string in canonical lowercase hyphenated form; omit it to let the server generate one',
        extra_info: {},
      },
      node_errors: {},
    });
  }
  const id = 'a3b5c0de-0000-4000-8000-000000000000';
  const ok = await postJson(emulator, '/prompt', { prompt, prompt_id: id });
  assert.equal(((await ok.json()) as { prompt_id: string }).prompt_id, id);
  const generated = await postJson(emulator, '/prompt', { prompt, prompt_id: null });
  assert.match(((await generated.json()) as { prompt_id: string }).prompt_id, /^[0-9a-f-]{36}$/);
});

test('protocol 0.3.64: any client prompt_id is taken as str()', async (t) => {
  const emulator = await ready(t);
  const prompt = { '1': load, '2': { class_type: 'SaveImage', inputs: { images: ['1', 0], filename_prefix: 'x' } } };
  const res = await postJson(emulator, '/prompt', { prompt, prompt_id: 'job-1' });
  assert.equal(((await res.json()) as { prompt_id: string }).prompt_id, 'job-1');
  const none = await postJson(emulator, '/prompt', { prompt, prompt_id: null });
  assert.equal(((await none.json()) as { prompt_id: string }).prompt_id, 'None');
});
