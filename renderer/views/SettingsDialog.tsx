// ComfyUI URL (with a connection test), output folder and workflow. Fields are checked with
// the contract's own schemas as the user types; the core checks again on save and its
// messages appear next to the field they concern.
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { SettingsSchema } from '../../electron/shared/contract';
import type { BackendDto, SettingsDto } from '../../electron/shared/contract';
import { DDCOLOR_NODE, deviceText, versionText } from '../components/backend-text';
import { Dialog } from '../components/Dialog';
import { CloseIcon } from '../components/icons';
import { t } from '../i18n/t';
import { useApp } from '../store/context';
import { SETTINGS_FIELDS, settingsErrors } from './settings-errors';
import type { SettingsErrors, SettingsField } from './settings-errors';

type TestState = { kind: 'idle' } | { kind: 'testing' } | { kind: 'done'; backend: BackendDto } | { kind: 'error'; message: string };

const NO_ERRORS: SettingsErrors = { fields: {}, form: null };

function localError(field: SettingsField, value: string): string | undefined {
  if (value.trim() === '') return t('settings.required');
  if (field === 'backendUrl' && !SettingsSchema.shape.backendUrl.safeParse(value).success) return t('settings.invalidUrl');
  return undefined;
}

function TestResult({ state }: { state: TestState }) {
  switch (state.kind) {
    case 'idle':
      return null;
    case 'testing':
      return <p className="test-result muted" role="status">{t('settings.testing')}</p>;
    case 'error':
      return <p className="test-result test-bad" role="status" data-testid="test-result">{state.message}</p>;
    case 'done': {
      const { backend } = state;
      if (backend.state === 'offline' || backend.state === 'unknown') {
        return (
          <div className="test-result test-bad" role="status" data-testid="test-result">
            <p>{t('settings.testOffline', { url: backend.url })}</p>
            {backend.message !== null && <p className="muted">{backend.message}</p>}
          </div>
        );
      }
      const device = deviceText(backend);
      return (
        <div className={backend.missingNodes.length > 0 ? 'test-result test-bad' : 'test-result test-good'} role="status" data-testid="test-result">
          <p>{t('settings.testOnline', { version: versionText(backend) })}</p>
          {device !== null && <p>{t('settings.testDevice', { device })}</p>}
          <p>{backend.missingNodes.length > 0 ? t('settings.testNodesMissing', { nodes: backend.missingNodes.join(', ') }) : t('settings.testNodeOk')}</p>
          {backend.missingNodes.includes(DDCOLOR_NODE) && <p className="muted">{t('backend.missingDDColor')}</p>}
        </div>
      );
    }
    default: {
      const never: never = state;
      throw new Error(`unknown test state ${JSON.stringify(never)}`);
    }
  }
}

function SettingsForm({ initial }: { initial: SettingsDto }) {
  const workflows = useApp(useShallow((s) => s.workflows));
  const save = useApp((s) => s.saveSettings);
  const test = useApp((s) => s.testBackend);
  const close = useApp((s) => s.closeSettings);
  const [draft, setDraft] = useState<SettingsDto>(initial);
  const [errors, setErrors] = useState<SettingsErrors>(NO_ERRORS);
  const [testState, setTestState] = useState<TestState>({ kind: 'idle' });
  const [saving, setSaving] = useState(false);

  const edit = (field: SettingsField, value: string) => {
    setDraft((d) => ({ ...d, [field]: value }));
    setErrors((e) => ({ ...e, fields: { ...e.fields, [field]: localError(field, value) } }));
    if (field === 'backendUrl') setTestState({ kind: 'idle' });
  };

  const runTest = async () => {
    const invalid = localError('backendUrl', draft.backendUrl);
    if (invalid !== undefined) {
      setErrors((e) => ({ ...e, fields: { ...e.fields, backendUrl: invalid } }));
      return;
    }
    setTestState({ kind: 'testing' });
    try {
      setTestState({ kind: 'done', backend: await test(draft.backendUrl) });
    } catch (error) {
      setTestState({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const local: SettingsErrors['fields'] = {};
    for (const field of SETTINGS_FIELDS) {
      const message = localError(field, draft[field]);
      if (message !== undefined) local[field] = message;
    }
    if (Object.keys(local).length > 0) {
      setErrors({ fields: local, form: null });
      return;
    }
    const patch = Object.fromEntries(SETTINGS_FIELDS.filter((f) => draft[f] !== initial[f]).map((f) => [f, draft[f]]));
    if (Object.keys(patch).length === 0) {
      close();
      return;
    }
    setSaving(true);
    const outcome = await save(patch);
    setSaving(false);
    if (outcome.ok) close();
    else setErrors(settingsErrors(outcome.error));
  };

  const fieldProps = (field: SettingsField, hinted: boolean) => ({
    id: `settings-${field}`,
    'aria-invalid': errors.fields[field] !== undefined,
    'aria-describedby': hinted ? `settings-${field}-hint settings-${field}-error` : `settings-${field}-error`,
  });
  const fieldError = (field: SettingsField) => (
    <p id={`settings-${field}-error`} className="field-error" data-testid={`error-${field}`}>
      {errors.fields[field]}
    </p>
  );

  return (
    <form className="settings-form" onSubmit={(event) => void submit(event)} noValidate>
      <div className="field">
        <label htmlFor="settings-backendUrl">{t('settings.backendUrl')}</label>
        <div className="field-row">
          <input {...fieldProps('backendUrl', true)} type="url" value={draft.backendUrl} onChange={(e) => edit('backendUrl', e.currentTarget.value)} spellCheck={false} autoComplete="off" />
          <button type="button" className="button" onClick={() => void runTest()} disabled={testState.kind === 'testing'}>
            {t('settings.test')}
          </button>
        </div>
        <p id="settings-backendUrl-hint" className="field-hint">{t('settings.backendUrlHint')}</p>
        {fieldError('backendUrl')}
        <TestResult state={testState} />
      </div>
      <div className="field">
        <label htmlFor="settings-outputDir">{t('settings.outputDir')}</label>
        <input {...fieldProps('outputDir', true)} type="text" value={draft.outputDir} onChange={(e) => edit('outputDir', e.currentTarget.value)} spellCheck={false} autoComplete="off" />
        <p id="settings-outputDir-hint" className="field-hint">{t('settings.outputDirHint')}</p>
        {fieldError('outputDir')}
      </div>
      <div className="field">
        <label htmlFor="settings-workflowId">{t('settings.workflow')}</label>
        <select {...fieldProps('workflowId', false)} value={draft.workflowId} onChange={(e) => edit('workflowId', e.currentTarget.value)}>
          {workflows.length === 0 && <option value={draft.workflowId}>{t('settings.noWorkflows')}</option>}
          {workflows.map((workflow) => (
            <option key={workflow.id} value={workflow.id}>
              {workflow.title}
            </option>
          ))}
        </select>
        {fieldError('workflowId')}
      </div>
      {errors.form !== null && (
        <p className="form-error" role="alert" data-testid="settings-error">
          {errors.form}
        </p>
      )}
      <footer className="dialog-footer">
        <button type="button" className="button" onClick={close}>
          {t('actions.cancel')}
        </button>
        <button type="submit" className="button button-primary" disabled={saving}>
          {t('actions.save')}
        </button>
      </footer>
    </form>
  );
}

export function SettingsDialog() {
  const settings = useApp((s) => s.settings);
  const close = useApp((s) => s.closeSettings);
  return (
    <Dialog label={t('settings.title')} onClose={close} className="settings" testId="settings-dialog">
      <header className="dialog-header">
        <h2>{t('settings.title')}</h2>
        <button type="button" className="icon-button" aria-label={t('actions.close')} onClick={close}>
          <CloseIcon />
        </button>
      </header>
      {settings === null ? <p className="muted">{t('settings.loading')}</p> : <SettingsForm initial={settings} />}
    </Dialog>
  );
}
