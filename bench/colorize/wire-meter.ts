// Counts what really crosses the network: a TCP relay on 127.0.0.1 between the client and the
// backend, adding up the bytes of every connection (HTTP headers and bodies, WebSocket frames).
import { createServer, connect, type Socket } from 'node:net';

export interface WireTotals {
  /** Client → backend. */
  sent: number;
  /** Backend → client. */
  received: number;
}

export interface WireMeter {
  /** http://127.0.0.1:<port>: point the client here instead of at the backend. */
  readonly url: string;
  /** Totals since the last call (or since start), then zeroes them. */
  take(): WireTotals;
  close(): Promise<void>;
}

export async function startWireMeter(target: URL): Promise<WireMeter> {
  let totals: WireTotals = { sent: 0, received: 0 };
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const backend = connect({ host: target.hostname, port: Number(target.port) });
    for (const s of [client, backend]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      // A reset on one side ends the other; the error itself is not the benchmark's business.
      s.on('error', () => {
        client.destroy();
        backend.destroy();
      });
    }
    client.on('data', (chunk: Buffer) => {
      totals.sent += chunk.length;
    });
    backend.on('data', (chunk: Buffer) => {
      totals.received += chunk.length;
    });
    client.pipe(backend);
    backend.pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the wire meter has no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    take() {
      const taken = totals;
      totals = { sent: 0, received: 0 };
      return taken;
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
