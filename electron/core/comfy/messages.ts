// WebSocket frames → typed messages. Pure: the socket code feeds frames in and routes what comes
// out. Nothing here throws: garbage is reported as such and ignored by the caller.
import { ExecutionErrorSchema } from './schemas';
import { nodeImageRefs, type ImageRef } from './images';

export interface NodeProgress {
  value: number;
  max: number;
  state: string;
}

/** What happens to one prompt, as its events tell it. */
export type PromptEvent =
  | { type: 'execution_start' }
  | { type: 'execution_cached'; nodes: string[] }
  | { type: 'executing'; node: string | null }
  | { type: 'progress'; node: string | null; value: number; max: number }
  | { type: 'progress_state'; nodes: Record<string, NodeProgress> }
  | { type: 'executed'; node: string; images: ImageRef[] }
  | { type: 'execution_success' }
  | { type: 'execution_error'; nodeId: string | null; nodeType: string | null; message: string }
  | { type: 'execution_interrupted'; nodeId: string | null; nodeType: string | null }
  /** Binary type 4 (preview with metadata): only these carry a prompt id. */
  | { type: 'preview'; nodeId: string | null; mime: string; bytes: Uint8Array };

export type SocketMessage =
  | { kind: 'prompt'; promptId: string; event: PromptEvent }
  | { kind: 'status'; queueRemaining: number | null }
  /** Well-formed but not about a prompt we can name (e.g. the reconnect `executing` replay, which has no prompt_id). */
  | { kind: 'other'; type: string }
  | { kind: 'garbage'; reason: string };

type Data = Record<string, unknown>;

export function parseTextFrame(text: string): SocketMessage {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: 'garbage', reason: 'not JSON' };
  }
  if (!isRecord(json) || typeof json['type'] !== 'string' || !isRecord(json['data'])) {
    return { kind: 'garbage', reason: 'not a {type, data} envelope' };
  }
  const type = json['type'];
  const data = json['data'];
  if (type === 'status') {
    const status = data['status'];
    const exec = isRecord(status) ? status['exec_info'] : undefined;
    const remaining = isRecord(exec) ? exec['queue_remaining'] : undefined;
    return { kind: 'status', queueRemaining: typeof remaining === 'number' ? remaining : null };
  }
  const promptId = data['prompt_id'];
  if (typeof promptId !== 'string' || promptId === '') return { kind: 'other', type };
  const event = promptEvent(type, data);
  return event ? { kind: 'prompt', promptId, event } : { kind: 'other', type };
}

function promptEvent(type: string, data: Data): PromptEvent | null {
  switch (type) {
    case 'execution_start':
      return { type };
    case 'execution_success':
      return { type };
    case 'execution_cached':
      return { type, nodes: Array.isArray(data['nodes']) ? data['nodes'].map(String) : [] };
    case 'executing':
      return { type, node: nodeId(data['node']) };
    case 'progress': {
      const value = data['value'];
      const max = data['max'];
      if (typeof value !== 'number' || typeof max !== 'number') return null;
      return { type, node: nodeId(data['node']), value, max };
    }
    case 'progress_state': {
      const nodes: Record<string, NodeProgress> = {};
      const raw = data['nodes'];
      if (isRecord(raw)) {
        for (const [id, n] of Object.entries(raw)) {
          if (!isRecord(n)) continue;
          const { value, max, state } = n;
          if (typeof value === 'number' && typeof max === 'number' && typeof state === 'string') nodes[id] = { value, max, state };
        }
      }
      return { type, nodes };
    }
    case 'executed': {
      const node = nodeId(data['node']);
      if (node === null) return null;
      return { type, node, images: nodeImageRefs(node, data['output']) };
    }
    case 'execution_error': {
      const e = ExecutionErrorSchema.parse(data);
      return {
        type,
        nodeId: e.node_id == null ? null : String(e.node_id),
        nodeType: e.node_type ?? null,
        message: e.exception_message ?? e.exception_type ?? 'ComfyUI reported an error without a message',
      };
    }
    case 'execution_interrupted': {
      const e = ExecutionErrorSchema.parse(data);
      return { type, nodeId: e.node_id == null ? null : String(e.node_id), nodeType: e.node_type ?? null };
    }
    default:
      return null;
  }
}

/** Binary event types (ComfyUI protocol.py); every frame starts with a big-endian uint32 type. */
const PREVIEW_IMAGE = 1;
const TEXT = 3;
const PREVIEW_IMAGE_WITH_METADATA = 4;

export function parseBinaryFrame(frame: Uint8Array): SocketMessage {
  if (frame.byteLength < 4) return { kind: 'garbage', reason: 'binary frame shorter than its type' };
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const type = view.getUint32(0);
  switch (type) {
    case PREVIEW_IMAGE:
      // [type][format: 1 JPEG, 2 PNG][image]: no prompt id, so nobody to route it to.
      return frame.byteLength >= 8 ? { kind: 'other', type: 'preview_image' } : { kind: 'garbage', reason: 'short preview frame' };
    case TEXT: {
      if (frame.byteLength < 8) return { kind: 'garbage', reason: 'short text frame' };
      const idLength = view.getUint32(4);
      return 8 + idLength <= frame.byteLength ? { kind: 'other', type: 'text' } : { kind: 'garbage', reason: 'text frame node id overruns' };
    }
    case PREVIEW_IMAGE_WITH_METADATA: {
      if (frame.byteLength < 8) return { kind: 'garbage', reason: 'short preview frame' };
      const metaLength = view.getUint32(4);
      if (8 + metaLength > frame.byteLength) return { kind: 'garbage', reason: 'preview metadata overruns' };
      let meta: unknown;
      try {
        meta = JSON.parse(new TextDecoder().decode(frame.subarray(8, 8 + metaLength)));
      } catch {
        return { kind: 'garbage', reason: 'preview metadata is not JSON' };
      }
      if (!isRecord(meta) || typeof meta['prompt_id'] !== 'string') return { kind: 'other', type: 'preview_image_with_metadata' };
      const mime = typeof meta['image_type'] === 'string' ? meta['image_type'] : 'application/octet-stream';
      return {
        kind: 'prompt',
        promptId: meta['prompt_id'],
        event: { type: 'preview', nodeId: nodeId(meta['node_id']), mime, bytes: frame.slice(8 + metaLength) },
      };
    }
    default:
      return { kind: 'other', type: `binary_${type}` };
  }
}

function nodeId(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return null;
}

function isRecord(value: unknown): value is Data {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
