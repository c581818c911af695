// Add or edit one ComfyUI backend: URL (checked as you type), optional name and proxy headers,
// and "Test connection", which probes the URL without saving it. The core checks again on save;
// its messages appear next to the field they concern.
import { useState } from 'react';
import type { FormEvent } from 'react';
import type { BackendProbeDto } from '../../../electron/shared/contract';
import type { HeirloomError } from '../../../electron/shared/client';
import { DDCOLOR_NODE, deviceText, versionText } from '../../components/backend-text';
import { useT } from '../../i18n/use-t';
import { useApp } from '../../store/context';
import { formatHeaders, isBackendUrl, parseHeaders } from './backend-form';
import { fieldErrors } from './field-errors';

type TestState = { kind: 'idle' } | { kind: 'testing' } | { kind: 'done'; backend: BackendProbeDto } | { kind: 'error'; message: string };

export interface BackendValues {
  url: string;
  name?: string;
  headers: Record<string, string>;
}

interface Props {
  /** `add` or the id of the backend being edited (for ids and test ids). */
  formId: string;
  initial: { url: string; name: string; headers: Readonly<Record<string, string>> };
  submitLabel: string;
  onSubmit(values: BackendValues): Promise<{ ok: true } | { ok: false; error: HeirloomError }>;
  onCancel?: () => void;
}

const FIELDS = ['url', 'name', 'headers'] as const;
type Field = (typeof FIELDS)[number];

function TestResult({ state }: { state: TestState }) {
  const t = useT();
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
      const ok = backend.state === 'online';
      return (
        <div className={ok ? 'test-result test-good' : 'test-result test-bad'} role="status" data-testid="test-result">
          <p>{t('settings.testOnline', { version: versionText(backend, t) })}</p>
          {device !== null && <p>{t('settings.testDevice', { device })}</p>}
          <p>{backend.missingNodes.length > 0 ? t('settings.testNodesMissing', { nodes: backend.missingNodes.join(', ') }) : t('settings.testNodeOk')}</p>
          {backend.missingNodes.length === 0 && backend.message !== null && <p className="muted">{backend.message}</p>}
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

export function BackendForm({ formId, initial, submitLabel, onSubmit, onCancel }: Props) {
  const t = useT();
  const test = useApp((s) => s.testBackend);
  const [url, setUrl] = useState(initial.url);
  const [name, setName] = useState(initial.name);
  const [headersText, setHeadersText] = useState(formatHeaders(initial.headers));
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [testState, setTestState] = useState<TestState>({ kind: 'idle' });
  const [saving, setSaving] = useState(false);

  const urlProblem = (text: string) => (text.trim() === '' ? t('settings.required') : isBackendUrl(text) ? undefined : t('settings.invalidUrl'));
  const headersProblem = (text: string) => (parseHeaders(text).ok ? undefined : t('settings.badHeaders'));

  const local = (): { values: BackendValues } | undefined => {
    const found = { url: urlProblem(url), headers: headersProblem(headersText) };
    setErrors(found);
    const parsed = parseHeaders(headersText);
    if (found.url !== undefined || !parsed.ok) return undefined;
    return { values: { url: url.trim(), ...(name.trim() === '' ? {} : { name: name.trim() }), headers: parsed.headers } };
  };

  const runTest = async () => {
    const checked = local();
    if (!checked) return;
    setTestState({ kind: 'testing' });
    try {
      setTestState({ kind: 'done', backend: await test(checked.values.url, checked.values.headers) });
    } catch (error) {
      setTestState({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const checked = local();
    if (!checked) return;
    setSaving(true);
    const outcome = await onSubmit(checked.values);
    setSaving(false);
    if (outcome.ok) {
      setFormError(null);
      return;
    }
    const mapped = fieldErrors(outcome.error, FIELDS);
    setErrors(mapped.fields);
    setFormError(mapped.general);
  };

  const id = (field: Field) => `backend-${formId}-${field}`;
  const props = (field: Field) => ({
    id: id(field),
    'aria-invalid': errors[field] !== undefined,
    'aria-describedby': `${id(field)}-hint ${id(field)}-error`,
  });
  const error = (field: Field) => (
    <p id={`${id(field)}-error`} className="field-error" data-testid={`error-${field}`}>
      {errors[field]}
    </p>
  );

  return (
    <form className="settings-form backend-form" onSubmit={(event) => void submit(event)} noValidate data-testid={`backend-form-${formId}`}>
      <div className="field">
        <label htmlFor={id('url')}>{t('settings.backendUrl')}</label>
        <div className="field-row">
          <input
            {...props('url')}
            type="url"
            value={url}
            onChange={(e) => {
              const next = e.currentTarget.value;
              setUrl(next);
              setErrors((current) => ({ ...current, url: urlProblem(next) }));
              setTestState({ kind: 'idle' });
            }}
            spellCheck={false}
            autoComplete="off"
          />
          <button type="button" className="button" onClick={() => void runTest()} disabled={testState.kind === 'testing'}>
            {t('settings.test')}
          </button>
        </div>
        <p id={`${id('url')}-hint`} className="field-hint">{t('settings.backendUrlHint')}</p>
        {error('url')}
        <TestResult state={testState} />
      </div>
      <div className="field">
        <label htmlFor={id('name')}>{t('settings.backendName')}</label>
        <input {...props('name')} type="text" value={name} onChange={(e) => setName(e.currentTarget.value)} autoComplete="off" />
        <p id={`${id('name')}-hint`} className="field-hint">{t('settings.backendNameHint')}</p>
        {error('name')}
      </div>
      <details className="field" open={headersText.trim() !== ''}>
        <summary>{t('settings.backendHeaders')}</summary>
        <textarea
          {...props('headers')}
          aria-label={t('settings.backendHeaders')}
          rows={2}
          value={headersText}
          onChange={(e) => {
            const next = e.currentTarget.value;
            setHeadersText(next);
            setErrors((current) => ({ ...current, headers: headersProblem(next) }));
          }}
          spellCheck={false}
        />
        <p id={`${id('headers')}-hint`} className="field-hint">{t('settings.backendHeadersHint')}</p>
        {error('headers')}
      </details>
      {formError !== null && (
        <p className="form-error" role="alert" data-testid="settings-error">
          {formError}
        </p>
      )}
      <footer className="dialog-footer">
        {onCancel && (
          <button type="button" className="button" onClick={onCancel}>
            {t('actions.cancel')}
          </button>
        )}
        <button type="submit" className="button button-primary" disabled={saving}>
          {submitLabel}
        </button>
      </footer>
    </form>
  );
}
