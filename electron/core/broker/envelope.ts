// One message body = u32 big-endian header length + UTF-8 JSON header + binary payload. Photo
// bytes travel raw (base64 in JSON would add a third to a 40 MB scan and cost a copy); the header
// stays small and is validated with zod before the payload is looked at.
import { MESSAGE_VERSION, MessageHeaderSchema, type MessageHeader, type MessageType } from './messages';

export const CONTENT_TYPE = 'application/vnd.heirloom.frame';
/** A v1 header is well under 8 KiB (params are a handful of values); 1 MiB only stops garbage early. */
const MAX_HEADER_BYTES = 1024 * 1024;

export class BrokerMessageError extends Error {
  constructor(
    readonly code: 'malformed' | 'unsupported-version' | 'invalid-header' | 'unexpected-type',
    message: string,
  ) {
    super(message);
    this.name = 'BrokerMessageError';
  }
}

export function encodeMessage(header: MessageHeader, payload: Uint8Array = new Uint8Array(0)): Buffer {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const frame = Buffer.allocUnsafe(4 + json.length + payload.byteLength);
  frame.writeUInt32BE(json.length, 0);
  json.copy(frame, 4);
  frame.set(payload, 4 + json.length);
  return frame;
}

export interface Decoded<T extends MessageType> {
  header: Extract<MessageHeader, { type: T }>;
  /** A view into the message body (no copy). */
  payload: Buffer;
}

/** Throws BrokerMessageError saying exactly what is wrong; never returns a half-valid message. */
export function decodeMessage<T extends MessageType>(body: Buffer, expected: T): Decoded<T> {
  if (body.length < 4) throw new BrokerMessageError('malformed', `a message body is at least 4 bytes; this one has ${body.length}`);
  const headerBytes = body.readUInt32BE(0);
  if (headerBytes > MAX_HEADER_BYTES || 4 + headerBytes > body.length) {
    throw new BrokerMessageError('malformed', `header length ${headerBytes} does not fit a ${body.length}-byte body`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(body.subarray(4, 4 + headerBytes).toString('utf8'));
  } catch (error) {
    throw new BrokerMessageError('malformed', `the header is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const version = typeof raw === 'object' && raw !== null && 'v' in raw ? raw.v : undefined;
  if (version !== MESSAGE_VERSION) {
    throw new BrokerMessageError('unsupported-version', `message version ${JSON.stringify(version)} is not supported (this Heirloom reads version ${MESSAGE_VERSION})`);
  }
  const parsed = MessageHeaderSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(header)'}: ${issue.message}`).join('; ');
    throw new BrokerMessageError('invalid-header', `invalid message header: ${issues}`);
  }
  if (parsed.data.type !== expected) {
    throw new BrokerMessageError('unexpected-type', `expected a ${expected} message, got a ${parsed.data.type} message`);
  }
  return { header: parsed.data as Decoded<T>['header'], payload: body.subarray(4 + headerBytes) };
}
