// ComfyUI emulator (test infrastructure): SaveImage and PreviewImage (nodes.py). PNG with the
// prompt and extra_pnginfo as tEXt, "<prefix>_<counter:05>_.png", '/' in the prefix = subfolder.
import { randomInt } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { getSaveImagePath } from './folder-paths';
import { encodePng } from './image-ops';
import { imageArg, stringArg } from './node-args';
import type { NodeClass, NodeContext, NodeResult, RgbImage, SavedImage } from './node-types';
import { PyException, isJsonObject, pyJsonDumps } from './py';
import { pyJoin } from './pypath';

const SAVE_DESCRIPTION = 'Saves the input images to your ComfyUI output directory.';
// PreviewImage's alphabet, typo included ("p" twice, no "w").
const PREVIEW_ALPHABET = 'abcdefghijklmnopqrstupvxyz';

interface SaveTarget {
  readonly dir: string;
  readonly type: SavedImage['type'];
  readonly compressionLevel: number;
}

function pngTexts(ctx: NodeContext): Array<[string, string]> {
  const texts: Array<[string, string]> = [['prompt', pyJsonDumps(ctx.prompt)]];
  const extra = ctx.extraPngInfo;
  if (extra === undefined || extra === null) return texts;
  if (!isJsonObject(extra)) throw new PyException('TypeError', 'list indices must be integers or slices, not str');
  for (const [key, value] of Object.entries(extra)) texts.push([key, pyJsonDumps(value)]);
  return texts;
}

async function saveImages(image: RgbImage, filenamePrefix: string, ctx: NodeContext, target: SaveTarget): Promise<NodeResult> {
  // ComfyUI passes (shape[1], shape[0]) = (height, width) as (width, height): %width% is the height.
  const path = await getSaveImagePath(filenamePrefix + ctx.instance.prefixAppend, target.dir, image.height, image.width);
  const file = `${path.filename.replaceAll('%batch_num%', '0')}_${String(path.counter).padStart(5, '0')}_.png`;
  const png = await encodePng(image, target.compressionLevel, pngTexts(ctx));
  ctx.signal.throwIfAborted();
  await writeFile(pyJoin(path.folder, file), png);
  const saved = { filename: ctx.outputNameOverride ?? file, subfolder: path.subfolder, type: target.type };
  return { outputs: [], ui: { images: [saved] } };
}

const hidden = { prompt: 'PROMPT', extra_pnginfo: 'EXTRA_PNGINFO' } as const;

export const saveImageNode: NodeClass = {
  classType: 'SaveImage',
  inputTypes: () => ({
    required: {
      images: ['IMAGE', { tooltip: 'The images to save.' }],
      filename_prefix: [
        'STRING',
        {
          default: 'ComfyUI',
          tooltip:
            'The prefix for the file to save. This may include formatting information such as %date:yyyy-MM-dd% or %Empty Latent Image.width% to include values from nodes.',
        },
      ],
    },
    hidden,
  }),
  returnTypes: [],
  displayName: 'Save Image',
  description: SAVE_DESCRIPTION,
  pythonModule: 'nodes',
  category: 'image',
  outputNode: true,
  run: async (args, ctx) =>
    saveImages(imageArg(args, 'images'), stringArg(args, 'filename_prefix', 'ComfyUI'), ctx, { dir: ctx.dirs.output, type: 'output', compressionLevel: 4 }),
};

export const previewImageNode: NodeClass = {
  classType: 'PreviewImage',
  inputTypes: () => ({ required: { images: ['IMAGE'] }, hidden }),
  returnTypes: [],
  displayName: 'Preview Image',
  description: SAVE_DESCRIPTION,
  pythonModule: 'nodes',
  category: 'image',
  outputNode: true,
  newInstance: () => ({ prefixAppend: `_temp_${Array.from({ length: 5 }, () => PREVIEW_ALPHABET[randomInt(PREVIEW_ALPHABET.length)]).join('')}` }),
  run: async (args, ctx) => saveImages(imageArg(args, 'images'), 'ComfyUI', ctx, { dir: ctx.dirs.temp, type: 'temp', compressionLevel: 1 }),
};
