import { readFile } from 'node:fs/promises';
import type { ErrorInfo, SettingsDto } from '../../shared/contract';
import type { PhotoStore } from '../library/photo-store';
import { localDate } from './naming';
import { chooseOutputPath, outputCandidates } from './output-path';
import { OUTPUT_EXTENSIONS, renderOutput, type ResultImage } from './render-output';
import { removeStaleTemps, writeFileAtomically } from './write-atomically';

export type OutputSettings = Pick<SettingsDto, 'outputDir' | 'outputFormat' | 'namingPattern' | 'keepMetadata'>;

export interface ResultWriterOptions {
  photos: PhotoStore;
  /** Read at each save, so a settings change applies to the next result. */
  settings: () => OutputSettings;
  /** 'Heirloom 0.1.0', written into the provenance note. */
  software: string;
  now: () => number;
}

export interface ResultToSave {
  photoId: string;
  /** The image bytes ComfyUI returned, or the pixels of a result rebuilt here (chroma mode). */
  result: ResultImage;
  workflowId: string;
  params: Readonly<Record<string, unknown>>;
  /** The path an earlier attempt of this job reserved (jobs.output_path), or null. */
  reservedPath: string | null;
  /** Reserves a path for this job (queue.planOutput with the job's lease); false when taken. */
  reserve: (path: string) => boolean;
}

export type SaveOutcome = { ok: true; path: string; warnings: string[] } | { ok: false; error: ErrorInfo };

/** Results after this many taken names in a row give up (the 1000th "Grandma.colorized (999).png"). */
const MAX_CANDIDATES = 1000;

const errno = (error: unknown) => (error as NodeJS.ErrnoException).code;

/**
 * Turns ComfyUI's result into the user's file: rendered from the result and the original
 * (render-output.ts), named and placed by the settings (output-path.ts: album tree mirrored under
 * the output root, never an original's path or an existing file), written atomically.
 *
 * The dispatcher calls `save` where it used to write the PNG itself, then `queue.succeed(lease)`
 * on ok, `queue.fail(lease, error)` otherwise.
 */
export function createResultWriter(options: ResultWriterOptions) {
  const { photos, now } = options;

  return {
    async save(input: ResultToSave): Promise<SaveOutcome> {
      const photo = photos.row(input.photoId);
      if (!photo) return { ok: false, error: { code: 'photo-missing', message: `Photo ${input.photoId} is no longer in the library.` } };
      const settings = options.settings();
      const original = await readFile(photo.source_path).then(
        (bytes) => ({ bytes, problem: undefined }),
        (error: unknown) => ({ bytes: undefined, problem: `The original could not be read (${errno(error) ?? 'error'}): its metadata was not copied.` }),
      );
      let rendered;
      try {
        rendered = await renderOutput({
          result: input.result,
          original: original.bytes,
          format: settings.outputFormat,
          keepMetadata: settings.keepMetadata,
          provenance: {
            software: options.software,
            workflowId: input.workflowId,
            params: input.params,
            createdAt: new Date(now()).toISOString(),
            originalSha256: photo.sha256,
          },
        });
        if (original.problem) rendered.warnings.push(original.problem);
      } catch (error) {
        return { ok: false, error: { code: 'result-unreadable', message: `The result from ComfyUI could not be converted: ${error instanceof Error ? error.message : String(error)}` } };
      }

      // An earlier attempt of this job reserved its path (and may have written it before a crash):
      // the path is this job's, so writing it again replaces only our own file.
      if (input.reservedPath) {
        await removeStaleTemps(input.reservedPath);
        await writeFileAtomically(input.reservedPath, rendered.bytes);
        return { ok: true, path: input.reservedPath, warnings: rendered.warnings };
      }

      // The output root stands for the album's root (the CLI makes it "<album> (colorized)"), so
      // the album's sub-folders are mirrored right under it; a loose file lands at its top.
      const candidates = outputCandidates(settings.outputDir, photo.rel_path, OUTPUT_EXTENSIONS[settings.outputFormat], MAX_CANDIDATES, {
        pattern: settings.namingPattern,
        workflowId: input.workflowId,
        date: localDate(now()),
      });
      const isOriginal = (path: string) => photos.isOriginal(path);
      let remaining = candidates;
      for (;;) {
        const path = chooseOutputPath(remaining, isOriginal, input.reserve);
        if (!path) return { ok: false, error: { code: 'output-name', message: `No free output file name was found near ${candidates[0] ?? settings.outputDir}.` } };
        try {
          // No-clobber: a file that appeared since the check (another program, a case-insensitive
          // twin) makes us move on to the next name instead of replacing it.
          await writeFileAtomically(path, rendered.bytes, { noClobber: true });
          return { ok: true, path, warnings: rendered.warnings };
        } catch (error) {
          if (errno(error) !== 'EEXIST') throw error;
          remaining = remaining.slice(remaining.indexOf(path) + 1);
        }
      }
    },
  };
}

export type ResultWriter = ReturnType<typeof createResultWriter>;
