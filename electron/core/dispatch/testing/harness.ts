// Test helpers for the scheduler's end-to-end tests: a core on a temp library with the given
// backends, distinct small photos, and waiting on events (never sleeping). The tests bring their
// own ComfyUI emulators (core code does not import test infrastructure).
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { AnyEvent, BackendDto, PhotoDto } from '../../../shared/contract';
import { createHeirloomCore, type CreateCoreOptions } from '../../api/create-core';
import { tempDir } from '../../testing/test-db';

export const WORKFLOWS = join(import.meta.dirname, '..', '..', '..', '..', 'workflows');

export type Core = Awaited<ReturnType<typeof createHeirloomCore>>;

export interface Library {
  dir: string;
  album: string;
  out: string;
  open(extra?: Partial<CreateCoreOptions>): Promise<Core>;
  /** Writes `count` photos that differ in content (the library dedupes equal bytes). */
  addPhotos(count: number, prefix?: string): Promise<string[]>;
  outputs(): string[];
  remove(): void;
}

let shade = 0;

export function createLibrary(backends: readonly string[]): Library {
  const dir = tempDir('dispatch');
  const album = join(dir.path, 'album');
  const out = join(dir.path, 'out');
  mkdirSync(album, { recursive: true });
  return {
    dir: dir.path,
    album,
    out,
    open: (extra = {}) =>
      createHeirloomCore({
        dataDir: join(dir.path, 'data'),
        workflowsDir: WORKFLOWS,
        defaultOutputDir: out,
        appVersion: 'test',
        overrides: { backends: [...backends] },
        offlineRetryMs: 100,
        healthCheckMs: 1_000,
        backoff: { baseMs: 20, capMs: 100 },
        ...extra,
      }),
    async addPhotos(count, prefix = 'photo') {
      const names: string[] = [];
      for (let i = 0; i < count; i++) {
        shade++;
        const width = 48;
        const height = 32;
        const pixels = Buffer.alloc(width * height);
        for (let p = 0; p < pixels.length; p++) pixels[p] = (shade * 37 + p * ((shade % 7) + 1)) & 0xff;
        const name = `${prefix}-${String(i).padStart(3, '0')}.png`;
        writeFileSync(join(album, name), await sharp(pixels, { raw: { width, height, channels: 1 } }).png().toBuffer());
        names.push(name);
      }
      return names;
    },
    outputs: () => {
      try {
        return readdirSync(out, { recursive: true, withFileTypes: true })
          .filter((e) => e.isFile())
          .map((e) => join(e.parentPath, e.name).slice(out.length + 1))
          .sort();
      } catch {
        return [];
      }
    },
    remove: dir.remove,
  };
}

/** Resolves with the photos once `predicate` holds (checked on every event), or rejects after timeoutMs. */
export function waitForPhotos(core: Core, predicate: (photos: PhotoDto[]) => boolean, label: string, timeoutMs = 30_000): Promise<PhotoDto[]> {
  return new Promise((resolve, reject) => {
    let checking = false;
    let again = false;
    const check = async (): Promise<void> => {
      if (checking) {
        again = true;
        return;
      }
      checking = true;
      try {
        const photos = await core.handlers['photos.list']({});
        if (predicate(photos)) {
          clearTimeout(timer);
          unsubscribe();
          resolve(photos);
          return;
        }
      } finally {
        checking = false;
      }
      if (again) {
        again = false;
        void check();
      }
    };
    const timer = setTimeout(() => {
      unsubscribe();
      void core.handlers['photos.list']({}).then((photos) => {
        const states = photos.map((p) => `${p.name}:${p.job?.state ?? '-'}${p.job?.error ? `(${p.job.error.message})` : ''}`).join(', ');
        reject(new Error(`timed out waiting for: ${label} [${states}]`));
      });
    }, timeoutMs);
    const unsubscribe = core.subscribe(() => void check());
    void check();
  });
}

/** Resolves with the first backend event that satisfies `predicate`. */
export function waitForBackend(core: Core, predicate: (backend: BackendDto) => boolean, label: string, timeoutMs = 30_000): Promise<BackendDto> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`timed out waiting for backend: ${label}`));
    }, timeoutMs);
    const unsubscribe = core.subscribe((event: AnyEvent) => {
      if (event.name === 'backend.updated' && predicate(event.payload)) {
        clearTimeout(timer);
        unsubscribe();
        resolve(event.payload);
      }
    });
    void core.handlers['backends.list']({}).then((list) => {
      const found = list.find(predicate);
      if (found) {
        clearTimeout(timer);
        unsubscribe();
        resolve(found);
      }
    });
  });
}

export const allSucceeded = (count: number) => (photos: PhotoDto[]) => photos.length === count && photos.every((p) => p.job?.state === 'succeeded');
export const settled = (count: number) => (photos: PhotoDto[]) =>
  photos.length === count && photos.every((p) => p.job !== null && ['succeeded', 'failed', 'canceled'].includes(p.job.state));
