// DTOs for the renderer's unit tests, valid against the contract.
import type { BackendDto, ImportResult, JobDto, PhotoDto } from '../../electron/shared/contract';

export function job(overrides: Partial<JobDto> = {}): JobDto {
  return {
    id: 'job-1',
    state: 'queued',
    stage: null,
    progress: 0,
    workflowId: 'ddcolor-portrait',
    backendUrl: null,
    attempts: 0,
    error: null,
    hasResult: false,
    updatedAtMs: 1_000,
    ...overrides,
  };
}

export function photo(id: string, overrides: Partial<PhotoDto> = {}): PhotoDto {
  return {
    id,
    albumId: null,
    name: `${id}.jpg`,
    relPath: `${id}.jpg`,
    width: 640,
    height: 480,
    format: 'jpeg',
    importedAtMs: 1_000,
    isColor: false,
    metadata: { takenAt: null, camera: null, gps: null, iccProfile: null, orientation: 1, bitDepth: 8 },
    job: job({ id: `job-${id}` }),
    reviewed: null,
    ...overrides,
  };
}

export function backend(overrides: Partial<BackendDto> = {}): BackendDto {
  return {
    id: 'b1',
    name: '127.0.0.1',
    enabled: true,
    headers: {},
    inFlight: 0,
    checkpoints: [],
    url: 'http://127.0.0.1:8188',
    state: 'online',
    version: '0.3.64',
    devices: [{ name: 'cuda:0 NVIDIA GeForce RTX 4070', type: 'cuda', vramTotal: 12 * 1024 ** 3, vramFree: 10 * 1024 ** 3 }],
    missingNodes: [],
    message: null,
    checkedAtMs: 1_000,
    ...overrides,
  };
}

export function importResult(overrides: Partial<ImportResult> = {}): ImportResult {
  return { importId: 'import-1', photos: [], rejected: [], skipped: [], duplicates: 0, unchanged: 0, canceled: false, ...overrides };
}
