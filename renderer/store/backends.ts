// Backends by URL. As with photos, the copy checked most recently wins over a stale reply.
import type { BackendDto } from '../../electron/shared/contract';

function checkedAt(backend: BackendDto | undefined): number {
  return backend?.checkedAtMs ?? -1;
}

export function upsertBackend(backends: readonly BackendDto[], incoming: BackendDto): readonly BackendDto[] {
  const index = backends.findIndex((b) => b.url === incoming.url);
  if (index < 0) return [...backends, incoming];
  if (checkedAt(backends[index]) > checkedAt(incoming)) return backends;
  return backends.map((b, i) => (i === index ? incoming : b));
}

/** The list from 'backends.list' is the set of backends; entries already newer locally are kept. */
export function replaceBackends(current: readonly BackendDto[], listed: readonly BackendDto[]): readonly BackendDto[] {
  return listed.map((incoming) => {
    const known = current.find((b) => b.url === incoming.url);
    return known !== undefined && checkedAt(known) > checkedAt(incoming) ? known : incoming;
  });
}
