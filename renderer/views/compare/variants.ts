// The compare view's variants as plain functions: which result is shown first (the accepted one,
// else the newest), moving along the strip, and how each variant is named — by what sets it
// apart from the photo's other results (a size, a model), with its workflow as the detail.
import type { PhotoResultDto, PhotoResultsDto, WorkflowDto } from '../../../electron/shared/contract';
import { paramLabel, workflowShortTitle, workflowTitle } from '../../components/workflow-text';
import type { T } from '../../i18n/messages';

/** The result shown when nothing was picked: the accepted one, else the newest. */
export function defaultVariant(results: PhotoResultsDto | undefined): string | null {
  if (results === undefined) return null;
  const favorite = results.results.find((r) => r.jobId === results.favoriteJobId);
  return favorite?.jobId ?? results.results.at(-1)?.jobId ?? null;
}

/** The shown result: the one picked while it is still listed, else the default. */
export function shownVariant(results: PhotoResultsDto | undefined, picked: string | null): string | null {
  if (picked !== null && results?.results.some((r) => r.jobId === picked)) return picked;
  return defaultVariant(results);
}

/** The neighbour along the strip (it stops at both ends). */
export function stepVariant(results: PhotoResultsDto | undefined, current: string | null, delta: -1 | 1): string | null {
  if (results === undefined || results.results.length === 0) return current;
  const index = results.results.findIndex((r) => r.jobId === current);
  const next = results.results[Math.min(results.results.length - 1, Math.max(0, index + delta))];
  return next?.jobId ?? current;
}

export interface VariantText {
  /** What sets it apart ("Model input size 1024"), or the workflow when only the workflow differs. */
  main: string;
  /** The workflow, when `main` is about parameters. */
  detail: string | null;
}

/** Parameter names whose values differ between the results. */
function differingParams(results: readonly PhotoResultDto[]): string[] {
  const names = new Set(results.flatMap((r) => Object.keys(r.params)));
  return [...names].filter((name) => new Set(results.map((r) => String(r.params[name] ?? ''))).size > 1);
}

export function variantTexts(results: readonly PhotoResultDto[], workflows: readonly WorkflowDto[], t: T): VariantText[] {
  const differing = differingParams(results);
  return results.map((result) => {
    const workflow = workflows.find((w) => w.id === result.workflowId);
    const known = workflow ?? { id: result.workflowId, title: result.workflowId };
    const parts = differing.flatMap((name) => {
      const value = result.params[name];
      if (value === undefined) return [];
      const param = workflow?.params.find((p) => p.name === name);
      return [`${paramLabel(param ?? { name, label: name }, t)} ${value}`];
    });
    // Named by its parameters, the workflow's title without its default size is the detail.
    return parts.length === 0 ? { main: workflowTitle(known, t), detail: null } : { main: parts.join(' · '), detail: workflowShortTitle(known, t) };
  });
}
