// ComfyUI emulator (test infrastructure): DDColor_Colorize from kijai/ComfyUI-DDColor (inputs,
// combo values and defaults as the real pack declares them; see ddcolor.ts for the pixels).
import { DDCOLOR_CHECKPOINTS, ddcolorColorize } from './ddcolor';
import type { DdcolorCheckpoint } from './ddcolor';
import { imageArg, numberArg, stringArg } from './node-args';
import type { NodeClass } from './node-types';

function checkpointOf(value: string): DdcolorCheckpoint {
  return DDCOLOR_CHECKPOINTS.find((c) => c === value) ?? 'ddcolor_paper_tiny.pth';
}

export const ddcolorNode: NodeClass = {
  classType: 'DDColor_Colorize',
  inputTypes: () => ({
    required: {
      image: ['IMAGE'],
      model_input_size: ['INT', { default: 512, min: 32, max: 4096, step: 32 }],
      checkpoint: [[...DDCOLOR_CHECKPOINTS], { default: 'ddcolor_paper_tiny.pth' }],
    },
  }),
  returnTypes: ['IMAGE'],
  returnNames: ['colorized_image'],
  displayName: 'DDColor_Colorize',
  description: '',
  pythonModule: 'custom_nodes.ComfyUI-DDColor',
  category: 'DDColor',
  outputNode: false,
  async run(args) {
    const image = imageArg(args, 'image');
    const colorized = await ddcolorColorize(image, numberArg(args, 'model_input_size'), checkpointOf(stringArg(args, 'checkpoint', '')));
    return { outputs: [colorized], ui: null };
  },
};
