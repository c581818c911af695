// Backends by id, in the order the core lists them. As with photos, the copy checked most
// recently wins over a stale reply; the in-flight count always comes from the newest event.
import type { BackendDto } from '../../electron/shared/contract';

function checkedAt(backend: BackendDto | undefined): number {
  return backend?.checkedAtMs ?? -1;
}

/** A `backend.updated` event (or a command's answer). */
export function upsertBackend(backends: readonly BackendDto[], incoming: BackendDto): readonly BackendDto[] {
  const index = backends.findIndex((b) => b.id === incoming.id);
  if (index < 0) return [...backends, incoming];
  const known = backends[index];
  // An older check must not undo a newer one; everything else (name, enabled, in flight) is current.
  const next = known && checkedAt(known) > checkedAt(incoming) ? { ...incoming, ...pickProbe(known) } : incoming;
  return backends.map((b, i) => (i === index ? next : b));
}

/** The list from 'backends.list' is the set of backends; checks already newer locally are kept. */
export function replaceBackends(current: readonly BackendDto[], listed: readonly BackendDto[]): readonly BackendDto[] {
  return listed.map((incoming) => {
    const known = current.find((b) => b.id === incoming.id);
    return known !== undefined && checkedAt(known) > checkedAt(incoming) ? { ...incoming, ...pickProbe(known) } : incoming;
  });
}

/** A `backend.removed` event. */
export function removeBackend(backends: readonly BackendDto[], id: string): readonly BackendDto[] {
  return backends.some((b) => b.id === id) ? backends.filter((b) => b.id !== id) : backends;
}

function pickProbe(backend: BackendDto): Partial<BackendDto> {
  const { state, version, devices, missingNodes, checkpoints, message, checkedAtMs } = backend;
  return { state, version, devices, missingNodes, checkpoints, message, checkedAtMs };
}
