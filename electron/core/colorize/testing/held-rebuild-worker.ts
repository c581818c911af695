// Test support: a rebuild worker thread (the protocol of ../rebuild-worker.ts) that holds every
// request until its parent posts `{ release: true }`, then rebuilds the held ones and, from then
// on, every request at once. Lets a test see what the dispatcher does while photos wait to be rebuilt.
import { parentPort } from 'node:worker_threads';
import { chromaFromResult } from '../chroma-plane';
import type { RebuildReply, RebuildRequest } from '../rebuild-messages';
import { rebuildFromChroma } from '../rebuild';

const port = parentPort;
if (!port) throw new Error('held-rebuild-worker.ts runs in a worker thread');
const held: RebuildRequest[] = [];
let released = false;

function serve(request: RebuildRequest) {
  const image = rebuildFromChroma(request.original, chromaFromResult(request.small));
  const reply: RebuildReply = { id: request.id, image };
  const { buffer } = image.data;
  port?.postMessage(reply, buffer instanceof ArrayBuffer ? [buffer] : []);
}

port.on('message', (message: RebuildRequest | { release: true }) => {
  if ('release' in message) {
    released = true;
    held.splice(0).forEach(serve);
  } else if (released) serve(message);
  else held.push(message);
});
