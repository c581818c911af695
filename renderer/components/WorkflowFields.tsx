// A workflow picker and its parameters as form fields (number inputs with the manifest's range
// and step, selects for choices), with a message under each field that does not fit. Used for
// the default workflow in the settings and for "colorize again" in the compare view.
import type { WorkflowDto } from '../../electron/shared/contract';
import { useT } from '../i18n/use-t';
import { paramLabel, paramProblem, workflowTitle } from './workflow-text';
import type { ParamValues } from './workflow-text';

interface WorkflowFieldsProps {
  idPrefix: string;
  workflows: readonly WorkflowDto[];
  workflowId: string;
  values: Readonly<ParamValues>;
  onWorkflow(workflowId: string): void;
  onParam(name: string, value: number | string): void;
  /** Messages from the core, by parameter name (shown when the local check finds nothing). */
  errors?: Readonly<Record<string, string>>;
}

export function WorkflowFields({ idPrefix, workflows, workflowId, values, onWorkflow, onParam, errors = {} }: WorkflowFieldsProps) {
  const t = useT();
  const workflow = workflows.find((w) => w.id === workflowId);
  return (
    <>
      <div className="field">
        <label htmlFor={`${idPrefix}-workflow`}>{t('workflow.label')}</label>
        <select id={`${idPrefix}-workflow`} value={workflowId} onChange={(e) => onWorkflow(e.currentTarget.value)}>
          {workflow === undefined && <option value={workflowId}>{workflowId}</option>}
          {workflows.map((w) => (
            <option key={w.id} value={w.id}>
              {workflowTitle(w, t)}
            </option>
          ))}
        </select>
      </div>
      {workflow?.params.map((param) => {
        const id = `${idPrefix}-param-${param.name}`;
        const value = values[param.name];
        const problem = paramProblem(param, value, t) ?? errors[param.name] ?? null;
        return (
          <div className="field" key={param.name}>
            <label htmlFor={id}>{paramLabel(param, t)}</label>
            {param.type === 'int' ? (
              <input
                id={id}
                type="number"
                inputMode="numeric"
                min={param.min}
                max={param.max}
                step={param.multipleOf ?? 1}
                value={typeof value === 'number' && Number.isFinite(value) ? value : ''}
                aria-invalid={problem !== null}
                aria-describedby={`${id}-hint ${id}-error`}
                onChange={(e) => onParam(param.name, e.currentTarget.value === '' ? Number.NaN : Number(e.currentTarget.value))}
              />
            ) : (
              <select id={id} value={typeof value === 'string' ? value : param.default} aria-describedby={`${id}-error`} onChange={(e) => onParam(param.name, e.currentTarget.value)}>
                {param.choices.map((choice) => (
                  <option key={choice} value={choice}>
                    {choice}
                  </option>
                ))}
              </select>
            )}
            {param.type === 'int' && (
              <p id={`${id}-hint`} className="field-hint">
                {param.name === 'size' ? t('params.sizeHint') : t('params.range', { min: param.min, max: param.max })}
              </p>
            )}
            <p id={`${id}-error`} className="field-error" data-testid={`error-param-${param.name}`}>
              {problem}
            </p>
          </div>
        );
      })}
    </>
  );
}
