// Entry of a rebuild worker thread (rebuild-pool.ts starts it): takes the chroma of the small
// result and rebuilds the full-resolution photo, off the thread that runs HTTP and the dispatcher.
// The rebuilt pixels go back transferred (no copy); a request's failure goes back as a message.
import { parentPort } from 'node:worker_threads';
import { chromaFromResult } from './chroma-plane';
import { rebuildFromChroma } from './rebuild';
import type { RebuildReply, RebuildRequest } from './rebuild-messages';

const port = parentPort;
if (!port) throw new Error('rebuild-worker.ts runs in a worker thread (see rebuild-pool.ts)');
port.on('message', (request: RebuildRequest) => {
  let reply: RebuildReply;
  try {
    const image = rebuildFromChroma(request.original, chromaFromResult(request.small));
    reply = { id: request.id, image };
    const { buffer } = image.data;
    port.postMessage(reply, buffer instanceof ArrayBuffer ? [buffer] : []);
  } catch (error) {
    reply = { id: request.id, error: error instanceof Error ? error.message : String(error) };
    port.postMessage(reply);
  }
});
