// "Colorize again" with another workflow or size (DDColor's result depends on its input size:
// people compare). Starts from the photo's current workflow and the default parameters; the new
// result joins the photo's variant strip when it is done (every file stays in the output folder)
// and is shown unless the user has accepted another one.
import { useEffect, useRef, useState } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { PhotoDto } from '../../../electron/shared/contract';
import { paramProblem, paramValues } from '../../components/workflow-text';
import type { ParamValues } from '../../components/workflow-text';
import { WorkflowFields } from '../../components/WorkflowFields';
import { useT } from '../../i18n/use-t';
import { useApp } from '../../store/context';

export function RerunPanel({ photo, onClose }: { photo: PhotoDto; onClose: () => void }) {
  const t = useT();
  const workflows = useApp(useShallow((s) => s.workflows));
  const settings = useApp((s) => s.settings);
  const rerun = useApp((s) => s.rerun);
  const defaults = (id: string): ParamValues => {
    const workflow = workflows.find((w) => w.id === id);
    if (workflow === undefined) return {};
    return paramValues(workflow, id === settings?.workflowId ? settings.workflowParams : {});
  };
  const [workflowId, setWorkflowId] = useState(photo.job?.workflowId ?? settings?.workflowId ?? workflows[0]?.id ?? '');
  const [values, setValues] = useState<ParamValues>(() => defaults(workflowId));
  const [sending, setSending] = useState(false);
  const form = useRef<HTMLFormElement>(null);

  useEffect(() => {
    form.current?.querySelector<HTMLElement>('select, input')?.focus();
  }, []);

  const workflow = workflows.find((w) => w.id === workflowId);
  const invalid = workflow === undefined || workflow.params.some((p) => paramProblem(p, values[p.name], t) !== null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (invalid) return;
    setSending(true);
    const ok = await rerun([photo.id], workflowId, values);
    setSending(false);
    if (ok) onClose();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    // Escape closes this panel, not the whole compare view.
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    onClose();
  };

  return (
    <form ref={form} className="rerun" aria-label={t('rerun.title')} onSubmit={(event) => void submit(event)} onKeyDown={onKeyDown} noValidate data-testid="rerun-panel">
      <h3>{t('rerun.title')}</h3>
      <p className="muted">{t('rerun.hint')}</p>
      <WorkflowFields
        idPrefix="rerun"
        workflows={workflows}
        workflowId={workflowId}
        values={values}
        onWorkflow={(id) => {
          setWorkflowId(id);
          setValues(defaults(id));
        }}
        onParam={(name, value) => setValues((v) => ({ ...v, [name]: value }))}
      />
      <footer className="dialog-footer">
        <button type="button" className="button" onClick={onClose}>
          {t('actions.cancel')}
        </button>
        <button type="submit" className="button button-primary" disabled={invalid || sending}>
          {t('rerun.submit')}
        </button>
      </footer>
    </form>
  );
}
