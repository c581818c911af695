// ComfyUI emulator (test infrastructure): POST /upload/image (server.py image_upload).
// Same name + same bytes → the existing name (nothing written); same name + different bytes →
// "name (1).ext", "name (2).ext"...; overwrite "true"/"1" replaces; a subfolder or file name that
// leaves the folder → 400; no image part → 400 with an empty body. Runs one upload at a time: in
// ComfyUI the check-then-write is synchronous on the event loop, so parallel uploads never race.
import { createHash } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { directoryByType } from './folder-paths';
import type { Reply } from './http';
import { BodyTooLarge, empty, internalError, json } from './http';
import type { FormField } from './multipart';
import { multipartBoundary, parseMultipart } from './multipart';
import type { DataDirs } from './node-types';
import { isInside, pyAbspath, pyJoin, pyNormpath, pySplitext } from './pypath';

export interface UploadDeps {
  readonly dirs: DataDirs;
  readonly maxUploadBytes: number;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** request.post(): fields in order; each part's own size is held against client_max_size. */
export function readForm(body: Buffer, contentType: string | undefined, maxUploadBytes: number): FormField[] {
  const boundary = multipartBoundary(contentType);
  if (boundary !== null) {
    const fields = parseMultipart(body, boundary);
    for (const field of fields) {
      const size = field.kind === 'file' ? field.data.length : Buffer.byteLength(field.value);
      if (size > maxUploadBytes) throw new BodyTooLarge(maxUploadBytes, size);
    }
    return fields;
  }
  if ((contentType ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    return [...new URLSearchParams(body.toString('utf8'))].map(([name, value]) => ({ kind: 'text' as const, name, value }));
  }
  return [];
}

export async function imageUpload(fields: readonly FormField[], deps: UploadDeps): Promise<Reply> {
  const get = (name: string): FormField | undefined => fields.find((f) => f.name === name);
  const typeField = get('type');
  if (typeField?.kind === 'file') return internalError();
  const uploadType = typeField?.value ?? 'input';
  const uploadDir = directoryByType(uploadType, deps.dirs);
  // An unknown type leaves ComfyUI's type_dir unbound: UnboundLocalError → 500.
  if (uploadDir === null) return internalError();

  const image = get('image');
  if (image === undefined) return empty(400);
  // `if image and image.file`: an empty text field is falsy (400); a text value has no .file (500).
  if (image.kind === 'text') return image.value === '' ? empty(400) : internalError();

  const subfolderField = get('subfolder');
  if (subfolderField?.kind === 'file') return internalError();
  const subfolder = subfolderField?.value ?? '';
  const folder = pyJoin(uploadDir, pyNormpath(subfolder));
  let filename = image.filename;
  let filepath = pyAbspath(pyJoin(folder, filename));
  if (!isInside(uploadDir, filepath)) return empty(400);
  await mkdir(folder, { recursive: true });

  const overwrite = get('overwrite');
  let duplicate = false;
  if (!(overwrite?.kind === 'text' && (overwrite.value === 'true' || overwrite.value === '1'))) {
    const [stem, ext] = pySplitext(filename);
    const digest = sha256(image.data);
    for (let i = 1; await exists(filepath); i++) {
      if (sha256(await readFile(filepath)) === digest) {
        duplicate = true;
        break;
      }
      filename = `${stem} (${i})${ext}`;
      filepath = pyJoin(folder, filename);
    }
  }
  if (!duplicate) await writeFile(filepath, image.data);
  return json({ name: filename, subfolder, type: uploadType });
}
