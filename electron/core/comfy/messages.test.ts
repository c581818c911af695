import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseBinaryFrame, parseTextFrame } from './messages';

const PID = '9e4b2a0c-71a6-4d8e-a0a8-d80c81fe0810';
const frame = (...parts: Array<number[] | Uint8Array | string>) => {
  const chunks = parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p)));
  return new Uint8Array(Buffer.concat(chunks));
};
const u32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];

void test('recorded text messages parse into prompt events', () => {
  const recorded: Array<[string, unknown]> = [
    [`{"type": "execution_start", "data": {"prompt_id": "${PID}", "timestamp": 1795895486229}}`, { type: 'execution_start' }],
    [`{"type": "execution_cached", "data": {"nodes": ["1", "2"], "prompt_id": "${PID}", "timestamp": 1}}`, { type: 'execution_cached', nodes: ['1', '2'] }],
    [`{"type": "executing", "data": {"node": "2", "display_node": "2", "prompt_id": "${PID}"}}`, { type: 'executing', node: '2' }],
    [`{"type": "executing", "data": {"node": null, "prompt_id": "${PID}"}}`, { type: 'executing', node: null }],
    [`{"type": "progress", "data": {"value": 3, "max": 10, "prompt_id": "${PID}", "node": "2"}}`, { type: 'progress', node: '2', value: 3, max: 10 }],
    [
      `{"type": "progress_state", "data": {"prompt_id": "${PID}", "nodes": {"1": {"value": 1, "max": 1, "state": "finished", "node_id": "1"}, "2": {"value": 0, "max": 1, "state": "running"}, "bad": 5}}}`,
      { type: 'progress_state', nodes: { '1': { value: 1, max: 1, state: 'finished' }, '2': { value: 0, max: 1, state: 'running' } } },
    ],
    [
      `{"type": "executed", "data": {"node": "3", "display_node": "3", "output": {"images": [{"filename": "e2e_invert_00001_.png", "subfolder": "", "type": "output"}, {"nofilename": 1}]}, "prompt_id": "${PID}"}}`,
      { type: 'executed', node: '3', images: [{ nodeId: '3', filename: 'e2e_invert_00001_.png', subfolder: '', type: 'output' }] },
    ],
    [`{"type": "execution_success", "data": {"prompt_id": "${PID}", "timestamp": 1}}`, { type: 'execution_success' }],
    [
      `{"type": "execution_error", "data": {"prompt_id": "${PID}", "node_id": "2", "node_type": "DDColor_Colorize", "exception_message": "Checkpoint load failed.", "exception_type": "FileNotFoundError", "traceback": []}}`,
      { type: 'execution_error', nodeId: '2', nodeType: 'DDColor_Colorize', message: 'Checkpoint load failed.' },
    ],
    [
      `{"type": "execution_interrupted", "data": {"prompt_id": "${PID}", "node_id": "2", "node_type": "DDColor_Colorize", "executed": []}}`,
      { type: 'execution_interrupted', nodeId: '2', nodeType: 'DDColor_Colorize' },
    ],
  ];
  for (const [text, event] of recorded) assert.deepEqual(parseTextFrame(text), { kind: 'prompt', promptId: PID, event }, text);
});

void test('status, the reconnect replay without prompt_id, unknown types and garbage are not prompt events', () => {
  assert.deepEqual(parseTextFrame('{"type": "status", "data": {"status": {"exec_info": {"queue_remaining": 1}}, "sid": "abc"}}'), {
    kind: 'status',
    queueRemaining: 1,
  });
  assert.deepEqual(parseTextFrame('{"type": "executing", "data": {"node": "2"}}'), { kind: 'other', type: 'executing' });
  assert.deepEqual(parseTextFrame(`{"type": "crystools.monitor", "data": {"prompt_id": "${PID}"}}`), { kind: 'other', type: 'crystools.monitor' });
  assert.deepEqual(parseTextFrame(`{"type": "progress", "data": {"prompt_id": "${PID}", "value": "x"}}`), { kind: 'other', type: 'progress' });
  for (const garbage of ['', 'not json', '[1,2]', 'null', '{"type": 5, "data": {}}', '{"type": "status"}', '{"type": "status", "data": []}']) {
    assert.equal(parseTextFrame(garbage).kind, 'garbage', garbage);
  }
  // An execution_error with odd field types still yields an error event with a message.
  assert.deepEqual(parseTextFrame(`{"type": "execution_error", "data": {"prompt_id": "${PID}", "node_id": 7, "exception_message": 42}}`), {
    kind: 'prompt',
    promptId: PID,
    event: { type: 'execution_error', nodeId: '7', nodeType: null, message: 'ComfyUI reported an error without a message' },
  });
});

void test('binary frames: types 1, 3, 4 parsed; short, overrunning and unknown frames never throw', () => {
  const png = [0x89, 0x50, 0x4e, 0x47];
  assert.deepEqual(parseBinaryFrame(frame(u32(1), u32(2), png)), { kind: 'other', type: 'preview_image' });
  assert.deepEqual(parseBinaryFrame(frame(u32(3), u32(1), '2', 'hello')), { kind: 'other', type: 'text' });
  const meta = JSON.stringify({ node_id: '2', prompt_id: PID, display_node_id: '2', image_type: 'image/png' });
  assert.deepEqual(parseBinaryFrame(frame(u32(4), u32(Buffer.byteLength(meta)), meta, png)), {
    kind: 'prompt',
    promptId: PID,
    event: { type: 'preview', nodeId: '2', mime: 'image/png', bytes: new Uint8Array(png) },
  });
  const noPrompt = JSON.stringify({ node_id: '2' });
  assert.deepEqual(parseBinaryFrame(frame(u32(4), u32(noPrompt.length), noPrompt)), { kind: 'other', type: 'preview_image_with_metadata' });
  assert.deepEqual(parseBinaryFrame(frame(u32(99), [1, 2, 3])), { kind: 'other', type: 'binary_99' });
  for (const bad of [frame([]), frame([0, 0, 1]), frame(u32(1), [0]), frame(u32(3), u32(1000), 'x'), frame(u32(4), u32(50), '{}'), frame(u32(4), u32(3), '{{{')]) {
    assert.equal(parseBinaryFrame(bad).kind, 'garbage', Buffer.from(bad).toString('hex'));
  }
  // A frame that is a view into a larger buffer (as ws may hand over) is read at its own offset.
  const big = Buffer.concat([Buffer.from([9, 9, 9]), Buffer.from(frame(u32(3), u32(1), '2', 'x'))]);
  assert.deepEqual(parseBinaryFrame(big.subarray(3)), { kind: 'other', type: 'text' });
});
