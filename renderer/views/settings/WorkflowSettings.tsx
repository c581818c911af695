// The workflow (and its size and model) new photos are colorized with. A workflow change saves at
// once and starts from that workflow's defaults; a parameter saves when it is valid and leaves
// its field.
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { SettingsDto } from '../../../electron/shared/contract';
import { paramProblem, paramValues } from '../../components/workflow-text';
import type { ParamValues } from '../../components/workflow-text';
import { WorkflowFields } from '../../components/WorkflowFields';
import { useT } from '../../i18n/use-t';
import { useApp } from '../../store/context';
import { SaveStatus } from './SaveStatus';
import { useAutosave } from './use-autosave';

export function WorkflowSettings({ settings }: { settings: SettingsDto }) {
  const t = useT();
  const workflows = useApp(useShallow((s) => s.workflows));
  const [workflowId, setWorkflowId] = useState(settings.workflowId);
  const workflow = workflows.find((w) => w.id === workflowId);
  const [values, setValues] = useState<ParamValues>(() => (workflow === undefined ? {} : paramValues(workflow, settings.workflowParams)));
  const { state, save, errorOf } = useAutosave(['workflowId', 'workflowParams'], workflow?.params.map((p) => p.name) ?? []);
  const paramErrors = Object.fromEntries((workflow?.params ?? []).flatMap((p) => {
    const message = errorOf(`workflowParams.${p.name}`);
    return message === undefined ? [] : [[p.name, message]];
  }));

  return (
    <div
      className="settings-section"
      data-testid="settings-workflow"
      onBlur={(event) => {
        // Parameters save when the focus leaves one of them, if every value fits.
        if (!(event.target instanceof HTMLInputElement) || workflow === undefined) return;
        if (workflow.params.some((p) => paramProblem(p, values[p.name], t) !== null)) return;
        if (workflow.params.every((p) => values[p.name] === paramValues(workflow, settings.workflowParams)[p.name])) return;
        void save({ workflowParams: values });
      }}
    >
      <p className="field-hint">{t('settings.workflowHint')}</p>
      <WorkflowFields
        idPrefix="settings"
        workflows={workflows}
        workflowId={workflowId}
        values={values}
        errors={paramErrors}
        onWorkflow={(id) => {
          const next = workflows.find((w) => w.id === id);
          setWorkflowId(id);
          setValues(next === undefined ? {} : paramValues(next, {}));
          void save({ workflowId: id });
        }}
        onParam={(name, value) => {
          const next = { ...values, [name]: value };
          setValues(next);
          const param = workflow?.params.find((p) => p.name === name);
          // A choice saves at once (a select has no "typing" state).
          if (param?.type === 'choice' && workflow !== undefined && workflow.params.every((p) => paramProblem(p, next[p.name], t) === null)) void save({ workflowParams: next });
        }}
      />
      {errorOf('workflowId') !== undefined && (
        <p className="field-error" data-testid="error-workflowId">
          {errorOf('workflowId')}
        </p>
      )}
      <SaveStatus state={state} />
    </div>
  );
}
