// ComfyUI emulator (test infrastructure): SaveImageWebsocket (custom_nodes/websocket_image_save.py,
// shipped with ComfyUI). Sends each image as a PNG over the prompt's WebSocket through the progress
// hook (binary type 1, or type 4 for clients that announced supports_preview_metadata); writes no
// file and has no "ui" output. IS_CHANGED is time.time(), so it is never cached.
import { encodePng } from './image-ops';
import { imageArg } from './node-args';
import type { NodeClass } from './node-types';

export const saveImageWebsocketNode: NodeClass = {
  classType: 'SaveImageWebsocket',
  inputTypes: () => ({ required: { images: ['IMAGE'] } }),
  returnTypes: [],
  displayName: 'SaveImageWebsocket',
  description: '',
  pythonModule: 'custom_nodes.websocket_image_save',
  category: 'api/image',
  outputNode: true,
  isChanged: async () => (performance.timeOrigin + performance.now()) / 1000,
  async run(args, ctx) {
    // PIL save(format="PNG", compress_level=1), no metadata; ProgressBar.update_absolute(0, 1, png).
    const png = await encodePng(imageArg(args, 'images'), 1, []);
    await ctx.progress(0, 1, png);
    return { outputs: [], ui: null };
  },
};
