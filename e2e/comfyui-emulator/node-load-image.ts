// ComfyUI emulator (test infrastructure): LoadImage (nodes.py) — combo of input/ files, file
// existence check in VALIDATE_INPUTS, sha256 of the file as IS_CHANGED, decode at run time.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { annotatedFullPath, existsAnnotatedFilepath } from './folder-paths';
import { loadImageFile } from './image-ops';
import { literalArg } from './node-args';
import type { DataDirs, NodeClass } from './node-types';
import type { Json } from './py';
import { PyException, pyStr, pyTypeName } from './py';

/** sha256 hex of the file LoadImage would read (IS_CHANGED, and the emulator's per-image stats). */
export async function loadImageHash(name: string, dirs: DataDirs): Promise<string> {
  return createHash('sha256')
    .update(await readFile(annotatedFullPath(name, dirs)))
    .digest('hex');
}

function requireName(value: Json | undefined): string {
  if (typeof value === 'string') return value;
  throw new PyException('AttributeError', `'${pyTypeName(value)}' object has no attribute 'endswith'`);
}

export const loadImageNode: NodeClass = {
  classType: 'LoadImage',
  inputTypes: (inputFiles) => ({ required: { image: [[...inputFiles], { image_upload: true }] } }),
  returnTypes: ['IMAGE', 'MASK'],
  displayName: 'Load Image',
  description: '',
  pythonModule: 'nodes',
  category: 'image',
  outputNode: false,
  validateInputs: {
    args: ['s', 'image'],
    async check(values, dirs) {
      const image = requireName(values['image']);
      return (await existsAnnotatedFilepath(image, dirs)) ? true : `Invalid image file: ${pyStr(image)}`;
    },
  },
  isChanged: async (inputs, dirs) => loadImageHash(requireName(inputs['image']), dirs),
  async run(args, ctx) {
    const name = requireName(literalArg(args, 'image'));
    const { image, hasAlpha } = await loadImageFile(annotatedFullPath(name, ctx.dirs));
    // Without alpha ComfyUI returns a 64×64 zero mask.
    const mask = hasAlpha ? { kind: 'MASK' as const, width: image.width, height: image.height } : { kind: 'MASK' as const, width: 64, height: 64 };
    return { outputs: [image, mask], ui: null };
  },
};
