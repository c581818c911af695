// ComfyUI emulator (test infrastructure): server.py's /ws handler and send_json/send_bytes.
//  - clientId from the query becomes the sid; a second socket with the same clientId silently
//    takes over (the old one stays open but gets nothing), and when either closes the sid is
//    unregistered — exactly ComfyUI's (buggy) bookkeeping.
//  - first message: status with sid; then `executing {node}` WITHOUT prompt_id if this client's
//    prompt is running.
//  - a client's first text message {"type":"feature_flags",...} is answered with the server's.
//  - JSON text frames as Python's json.dumps writes them; binary preview frames types 1 and 4.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import type { ExecState } from './executor';
import type { Json, JsonObject } from './py';
import { isJsonObject, pyJsonDumps } from './py';

/** aiohttp's default max_msg_size (4 MiB) for frames from clients. */
const MAX_CLIENT_MESSAGE = 4 * 1024 * 1024;
const PREVIEW_IMAGE = 1;
const PREVIEW_IMAGE_WITH_METADATA = 4;
const PNG_FORMAT = 2;

export interface WsHub {
  accept(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** send_json; target null = every socket, a string = that sid, anything else = nobody. */
  send(event: string, data: JsonObject, target: Json): void;
  /** Binary type 1: [uint32 1][uint32 2 = PNG][png]. */
  sendPreview(png: Buffer, target: Json): void;
  /** Binary type 4: [uint32 4][uint32 len][metadata json][png]. */
  sendPreviewWithMetadata(png: Buffer, metadata: JsonObject, target: Json): void;
  supportsPreviewMetadata(target: Json): boolean;
  /** Drop every connection at the TCP level (clients see 1006 and must reconnect). */
  terminateAll(): void;
  /** Orderly close (1001 going away). */
  closeAll(): void;
}

export interface WsHubDeps {
  readonly exec: ExecState;
  readonly queueInfo: () => JsonObject;
  readonly serverFeatures: () => JsonObject;
  readonly log: (line: string) => void;
}

interface Registered {
  readonly ws: WebSocket;
  featureFlags: JsonObject;
}

export function createWsHub(deps: WsHubDeps): WsHub {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_MESSAGE });
  const sockets = new Map<string, Registered>();

  const write = (ws: WebSocket, payload: string | Buffer): void => {
    // send_socket_catch_exception: a failed send is logged, never fatal.
    ws.send(payload, (error) => {
      if (error) deps.log(`send error: ${error.message}`);
    });
  };
  const targets = (target: Json): Registered[] => {
    if (target === null) return [...sockets.values()];
    const one = typeof target === 'string' ? sockets.get(target) : undefined;
    return one ? [one] : [];
  };
  const frame = (type: number, ...parts: Buffer[]): Buffer => {
    const head = Buffer.alloc(4);
    head.writeUInt32BE(type, 0);
    return Buffer.concat([head, ...parts]);
  };

  const onConnection = (ws: WebSocket, req: IncomingMessage): void => {
    const query = new URL(req.url ?? '/', 'http://emulator').searchParams;
    let sid = query.get('clientId') ?? '';
    if (sid !== '') sockets.delete(sid);
    else sid = randomUUID().replaceAll('-', '');
    const registered: Registered = { ws, featureFlags: {} };
    sockets.set(sid, registered);
    ws.on('error', (error) => deps.log(`ws connection closed with exception ${error.message}`));
    ws.on('close', () => {
      sockets.delete(sid);
    });
    write(ws, pyJsonDumps({ type: 'status', data: { status: deps.queueInfo(), sid } }));
    if (deps.exec.clientId === sid && deps.exec.lastNodeId !== null) {
      write(ws, pyJsonDumps({ type: 'executing', data: { node: deps.exec.lastNodeId } }));
    }
    let firstMessage = true;
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      let parsed: Json;
      try {
        parsed = JSON.parse(String(data)) as Json;
      } catch {
        deps.log(`Invalid JSON received from client ${sid}: ${String(data)}`);
        return;
      }
      // data.get() on a non-dict raises inside ComfyUI's handler: the message is ignored and the
      // next one still counts as "first".
      if (!isJsonObject(parsed)) return;
      if (firstMessage && parsed['type'] === 'feature_flags') {
        const flags = parsed['data'];
        registered.featureFlags = isJsonObject(flags) ? flags : {};
        write(ws, pyJsonDumps({ type: 'feature_flags', data: deps.serverFeatures() }));
      }
      firstMessage = false;
    });
  };

  return {
    accept(req, socket, head) {
      wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, req));
    },
    send(event, data, target) {
      const text = pyJsonDumps({ type: event, data });
      for (const r of targets(target)) write(r.ws, text);
    },
    sendPreview(png, target) {
      const format = Buffer.alloc(4);
      format.writeUInt32BE(PNG_FORMAT, 0);
      const message = frame(PREVIEW_IMAGE, format, png);
      for (const r of targets(target)) write(r.ws, message);
    },
    sendPreviewWithMetadata(png, metadata, target) {
      const json = Buffer.from(pyJsonDumps(metadata), 'utf8');
      const length = Buffer.alloc(4);
      length.writeUInt32BE(json.length, 0);
      const message = frame(PREVIEW_IMAGE_WITH_METADATA, length, json, png);
      for (const r of targets(target)) write(r.ws, message);
    },
    supportsPreviewMetadata(target) {
      return typeof target === 'string' && sockets.get(target)?.featureFlags['supports_preview_metadata'] === true;
    },
    terminateAll() {
      for (const ws of wss.clients) ws.terminate();
    },
    closeAll() {
      for (const ws of wss.clients) ws.close(1001, 'server shutting down');
    },
  };
}
