// ComfyUI emulator (test infrastructure): ImageInvert, ImageScale, ImageScaleBy (nodes.py).
import { invertImage, upscaleImage } from './image-ops';
import type { UpscaleMethod } from './image-ops';
import { imageArg, numberArg, stringArg } from './node-args';
import type { NodeClass } from './node-types';
import { pyRound } from './py';

const UPSCALE_METHODS: UpscaleMethod[] = ['nearest-exact', 'bilinear', 'area', 'bicubic', 'lanczos'];
const MAX_RESOLUTION = 16384;

function upscaleMethod(value: string): UpscaleMethod {
  return UPSCALE_METHODS.find((m) => m === value) ?? 'bilinear';
}

export const imageInvertNode: NodeClass = {
  classType: 'ImageInvert',
  inputTypes: () => ({ required: { image: ['IMAGE'] } }),
  returnTypes: ['IMAGE'],
  displayName: 'Invert Image',
  description: '',
  pythonModule: 'nodes',
  category: 'image',
  outputNode: false,
  run: async (args) => ({ outputs: [invertImage(imageArg(args, 'image'))], ui: null }),
};

export const imageScaleNode: NodeClass = {
  classType: 'ImageScale',
  inputTypes: () => ({
    required: {
      image: ['IMAGE'],
      upscale_method: [[...UPSCALE_METHODS]],
      width: ['INT', { default: 512, min: 0, max: MAX_RESOLUTION, step: 1 }],
      height: ['INT', { default: 512, min: 0, max: MAX_RESOLUTION, step: 1 }],
      crop: [['disabled', 'center']],
    },
  }),
  returnTypes: ['IMAGE'],
  displayName: 'Upscale Image',
  description: '',
  pythonModule: 'nodes',
  category: 'image/upscaling',
  outputNode: false,
  async run(args) {
    const image = imageArg(args, 'image');
    let width = numberArg(args, 'width');
    let height = numberArg(args, 'height');
    if (width === 0 && height === 0) return { outputs: [image], ui: null };
    if (width === 0) width = Math.max(1, pyRound((image.width * height) / image.height));
    else if (height === 0) height = Math.max(1, pyRound((image.height * width) / image.width));
    const crop = stringArg(args, 'crop', 'disabled') === 'center' ? 'center' : 'disabled';
    return { outputs: [await upscaleImage(image, width, height, upscaleMethod(stringArg(args, 'upscale_method', 'bilinear')), crop)], ui: null };
  },
};

export const imageScaleByNode: NodeClass = {
  classType: 'ImageScaleBy',
  inputTypes: () => ({
    required: {
      image: ['IMAGE'],
      upscale_method: [[...UPSCALE_METHODS]],
      scale_by: ['FLOAT', { default: 1.0, min: 0.01, max: 8.0, step: 0.01 }],
    },
  }),
  returnTypes: ['IMAGE'],
  displayName: 'Upscale Image By',
  description: '',
  pythonModule: 'nodes',
  category: 'image/upscaling',
  outputNode: false,
  async run(args) {
    const image = imageArg(args, 'image');
    const scale = numberArg(args, 'scale_by');
    const width = pyRound(image.width * scale);
    const height = pyRound(image.height * scale);
    return { outputs: [await upscaleImage(image, width, height, upscaleMethod(stringArg(args, 'upscale_method', 'bilinear')), 'disabled')], ui: null };
  },
};
