// Health (/system_stats) and capabilities (/object_info) of one backend. Never throws: an
// unreachable or broken backend is a probe result like any other.
import type { BackendProbeDto } from '../../shared/contract';
import type { ComfyClient } from '../comfy/client';
import { ComfyError } from '../comfy/errors';
import type { ObjectInfoLike, ResolvedParams, WorkflowDefinition } from '../workflows';
import { describeShortfalls, modelChoices, shortfalls } from './capability';

export type Probe =
  | { ok: true; version: string | null; devices: BackendProbeDto['devices']; objectInfo: ObjectInfoLike; checkedAtMs: number }
  /** `refused`: nothing answered at all (connection refused/reset, DNS): down for sure. */
  | { ok: false; message: string; refused: boolean; checkedAtMs: number };

export function probeFailure(error: unknown, checkedAtMs: number): Probe {
  const refused = error instanceof ComfyError && error.kind === 'unreachable';
  return { ok: false, message: error instanceof Error ? error.message : String(error), refused, checkedAtMs };
}

export async function probeBackend(client: ComfyClient, options: { signal: AbortSignal; now: () => number }): Promise<Probe> {
  try {
    // Side by side: the first check gates the first job on every backend.
    const [stats, objectInfo] = await Promise.all([client.systemStats(options.signal), client.objectInfo(options.signal)]);
    return { ok: true, version: stats.version, devices: stats.devices, objectInfo, checkedAtMs: options.now() };
  } catch (error) {
    return probeFailure(error, options.now());
  }
}

/** The workflow new photos are queued for, with the parameters they get. */
export interface SelectedWorkflow {
  def: WorkflowDefinition;
  params: ResolvedParams;
}

/**
 * A probe as the UI shows it: offline, or online/incompatible for the selected workflow, plus the
 * model choices of every known workflow.
 */
export function probeDto(url: string, probe: Probe | undefined, selected: SelectedWorkflow | undefined, known: readonly WorkflowDefinition[]): BackendProbeDto {
  if (!probe) return { url, state: 'unknown', version: null, devices: [], missingNodes: [], checkpoints: [], message: null, checkedAtMs: null };
  if (!probe.ok) return { url, state: 'offline', version: null, devices: [], missingNodes: [], checkpoints: [], message: probe.message, checkedAtMs: probe.checkedAtMs };
  const missing = selected ? shortfalls(selected.def, selected.params, probe.objectInfo) : [];
  return {
    url,
    state: missing.length > 0 ? 'incompatible' : 'online',
    version: probe.version,
    devices: probe.devices,
    missingNodes: missing.flatMap((s) => (s.kind === 'node' ? [s.nodeType] : [])),
    checkpoints: modelChoices(known, probe.objectInfo),
    message: missing.length > 0 ? describeShortfalls(url, missing) : null,
    checkedAtMs: probe.checkedAtMs,
  };
}

