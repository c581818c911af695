// Names of workflows and their parameters in the user's language. The contract carries the
// manifests' English texts only, so the built-in workflows and their two parameters are worded
// here; a user's own workflow shows the texts of its manifest.
import type { WorkflowDto, WorkflowParamDto } from '../../electron/shared/contract';
import type { MessageKey, T } from '../i18n/messages';

const TITLES: Readonly<Record<string, MessageKey>> = {
  'ddcolor-portrait': 'workflow.portrait',
  'ddcolor-architecture': 'workflow.architecture',
};

/** Without the default size: beside a result made at another size, "(DDColor, 512)" would mislead. */
const SHORT_TITLES: Readonly<Record<string, MessageKey>> = {
  'ddcolor-portrait': 'workflow.portraitShort',
  'ddcolor-architecture': 'workflow.architectureShort',
};

const PARAM_LABELS: Readonly<Record<string, MessageKey>> = {
  size: 'params.size',
  checkpoint: 'params.checkpoint',
};

export function workflowTitle(workflow: Pick<WorkflowDto, 'id' | 'title'>, t: T): string {
  const key = TITLES[workflow.id];
  return key === undefined ? workflow.title : t(key);
}

export function workflowShortTitle(workflow: Pick<WorkflowDto, 'id' | 'title'>, t: T): string {
  const key = SHORT_TITLES[workflow.id];
  return key === undefined ? workflow.title : t(key);
}

export function paramLabel(param: Pick<WorkflowParamDto, 'name' | 'label'>, t: T): string {
  const key = PARAM_LABELS[param.name];
  return key === undefined ? param.label : t(key);
}

export type ParamValues = Record<string, number | string>;

/** The workflow's defaults overridden by `overrides` where they name one of its parameters. */
export function paramValues(workflow: WorkflowDto, overrides: Readonly<ParamValues>): ParamValues {
  return Object.fromEntries(workflow.params.map((p) => [p.name, overrides[p.name] ?? p.default]));
}

/** Why a value does not fit its parameter, or null (the core checks again). */
export function paramProblem(param: WorkflowParamDto, value: number | string | undefined, t: T): string | null {
  switch (param.type) {
    case 'int': {
      if (typeof value !== 'number' || !Number.isInteger(value)) return t('params.whole');
      if (value < param.min || value > param.max) return t('params.range', { min: param.min, max: param.max });
      if (param.multipleOf !== null && value % param.multipleOf !== 0) return t('params.multiple', { step: param.multipleOf });
      return null;
    }
    case 'choice':
      return typeof value === 'string' && param.choices.includes(value) ? null : t('params.choice');
    default: {
      const never: never = param;
      throw new Error(`unknown parameter ${JSON.stringify(never)}`);
    }
  }
}
