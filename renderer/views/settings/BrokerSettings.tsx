// Remote workers over RabbitMQ (issue 7): on/off, the broker's URL (checked as you type), user
// name and a write-only password, "Test connection" with what is typed, and Save. The password
// never comes back from the core: `hasPassword` only says whether one is stored (the desktop app
// keeps it with the OS keychain, the command line takes it from HEIRLOOM_AMQP_PASSWORD).
import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import type { BrokerSettingsDto, BrokerTestResultDto } from '../../../electron/shared/contract';
import type { MessageKey } from '../../i18n/messages';
import { useT } from '../../i18n/use-t';
import { BrokerStatusLine } from '../../components/BrokerStatusLine';
import { useApp } from '../../store/context';
import { brokerUrlProblem, type BrokerUrlProblem } from './broker-form';
import { fieldErrors } from './field-errors';

const FIELDS = ['url', 'username', 'password'] as const;
type Field = (typeof FIELDS)[number];
const URL_PROBLEMS: Readonly<Record<BrokerUrlProblem, MessageKey>> = {
  required: 'settings.required',
  invalid: 'remote.invalidUrl',
  credentials: 'remote.credentialsInUrl',
};

type TestState = { kind: 'idle' } | { kind: 'testing' } | { kind: 'done'; result: BrokerTestResultDto } | { kind: 'error'; message: string };
type SaveState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'failed'; message: string | null };

function TestResult({ state }: { state: TestState }) {
  const t = useT();
  if (state.kind === 'idle') return null;
  if (state.kind === 'testing') return <p className="test-result muted" role="status">{t('settings.testing')}</p>;
  const ok = state.kind === 'done' && state.result.ok;
  const text = state.kind === 'error' ? t('remote.testFailed', { reason: state.message }) : ok ? t('remote.testOk', { server: state.result.serverVersion ?? '' }) : t('remote.testFailed', { reason: state.result.message ?? '' });
  return (
    <p className={ok ? 'test-result test-good' : 'test-result test-bad'} role="status" data-testid="broker-test-result">
      {text}
    </p>
  );
}

function BrokerForm({ initial }: { initial: BrokerSettingsDto }) {
  const t = useT();
  const update = useApp((s) => s.updateBroker);
  const test = useApp((s) => s.testBroker);
  const [saved, setSaved] = useState(initial);
  const [enabled, setEnabled] = useState(initial.enabled);
  const [url, setUrl] = useState(initial.url);
  const [username, setUsername] = useState(initial.username);
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [testState, setTestState] = useState<TestState>({ kind: 'idle' });
  const [saveState, setSaveState] = useState<SaveState>({ kind: 'idle' });

  const urlError = (text: string) => {
    const problem = brokerUrlProblem(text);
    return problem === undefined ? undefined : t(URL_PROBLEMS[problem]);
  };
  const checkedUrl = (): string | undefined => {
    const problem = urlError(url);
    setErrors((current) => ({ ...current, url: problem }));
    return problem === undefined ? url.trim() : undefined;
  };

  const runTest = async () => {
    const checked = checkedUrl();
    if (checked === undefined) return;
    setTestState({ kind: 'testing' });
    try {
      const result = await test({ url: checked, ...(username.trim() === '' ? {} : { username: username.trim() }), ...(password === '' ? {} : { password }) });
      setTestState({ kind: 'done', result });
    } catch (error) {
      setTestState({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  };

  const save = async (patch: Parameters<typeof update>[0]) => {
    setSaveState({ kind: 'saving' });
    const outcome = await update(patch);
    if (outcome.ok) {
      setSaved(outcome.broker);
      setEnabled(outcome.broker.enabled);
      setPassword('');
      setErrors({});
      setSaveState({ kind: 'saved' });
      return;
    }
    const mapped = fieldErrors(outcome.error, FIELDS);
    // The core's own URL check answers with code invalid-broker-url and a plain message.
    if (outcome.error.code === 'invalid-broker-url') mapped.fields.url = outcome.error.message;
    setErrors(mapped.fields);
    setSaveState({ kind: 'failed', message: outcome.error.code === 'invalid-broker-url' ? null : mapped.general });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = checkedUrl();
    if (checked === undefined) return;
    void save({ enabled, url: checked, username: username.trim(), ...(password === '' ? {} : { password }) });
  };

  const id = (field: Field) => `broker-${field}`;
  const props = (field: Field) => ({ id: id(field), 'aria-invalid': errors[field] !== undefined, 'aria-describedby': `${id(field)}-hint ${id(field)}-error` });
  const error = (field: Field) => (
    <p id={`${id(field)}-error`} className="field-error" data-testid={`broker-error-${field}`}>
      {errors[field]}
    </p>
  );
  const saveText = saveState.kind === 'saving' ? t('settings.saving') : saveState.kind === 'saved' ? t('settings.saved') : saveState.kind === 'failed' ? saveState.message : null;

  return (
    <form className="settings-form" onSubmit={submit} noValidate data-testid="broker-form">
      <p className="field-hint">{t('remote.intro')}</p>
      {/* The link as it is now (pushed by the core as broker.updated), above the settings that drive it. */}
      <BrokerStatusLine />
      <div className="field">
        <label>
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} aria-describedby="broker-enabled-hint" /> {t('remote.enabled')}
        </label>
        <p id="broker-enabled-hint" className="field-hint">{t('remote.enabledHint')}</p>
      </div>
      <div className="field">
        <label htmlFor={id('url')}>{t('remote.url')}</label>
        <div className="field-row">
          <input
            {...props('url')}
            type="url"
            value={url}
            onChange={(e) => {
              const next = e.currentTarget.value;
              setUrl(next);
              setErrors((current) => ({ ...current, url: urlError(next) }));
              setTestState({ kind: 'idle' });
            }}
            spellCheck={false}
            autoComplete="off"
          />
          <button type="button" className="button" onClick={() => void runTest()} disabled={testState.kind === 'testing'}>
            {t('settings.test')}
          </button>
        </div>
        <p id={`${id('url')}-hint`} className="field-hint">{t('remote.urlHint')}</p>
        {error('url')}
        <TestResult state={testState} />
      </div>
      <div className="field">
        <label htmlFor={id('username')}>{t('remote.username')}</label>
        <input {...props('username')} type="text" value={username} onChange={(e) => setUsername(e.currentTarget.value)} autoComplete="off" spellCheck={false} />
        <p id={`${id('username')}-hint`} className="field-hint">{t('remote.usernameHint')}</p>
        {error('username')}
      </div>
      <div className="field">
        <label htmlFor={id('password')}>{t('remote.password')}</label>
        <input {...props('password')} type="password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} autoComplete="new-password" />
        <p id={`${id('password')}-hint`} className="field-hint">{saved.hasPassword ? t('remote.passwordHintSaved') : t('remote.passwordHintNone')}</p>
        {error('password')}
        {saved.hasPassword && (
          <button type="button" className="button" onClick={() => void save({ password: null })}>
            {t('remote.forgetPassword')}
          </button>
        )}
      </div>
      <footer className="dialog-footer">
        <p className={saveState.kind === 'failed' ? 'save-status form-error' : 'save-status muted'} role="status" data-testid="broker-save-status">
          {saveText}
        </p>
        <button type="submit" className="button button-primary" disabled={saveState.kind === 'saving'}>
          {t('remote.save')}
        </button>
      </footer>
    </form>
  );
}

export function BrokerSettings() {
  const t = useT();
  const get = useApp((s) => s.getBroker);
  const [loaded, setLoaded] = useState<{ kind: 'loading' } | { kind: 'ready'; broker: BrokerSettingsDto } | { kind: 'error'; message: string }>({ kind: 'loading' });
  useEffect(() => {
    let live = true;
    get().then(
      (broker) => live && setLoaded({ kind: 'ready', broker }),
      (error: unknown) => live && setLoaded({ kind: 'error', message: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      live = false;
    };
  }, [get]);
  if (loaded.kind === 'loading') return <p className="muted">{t('settings.loading')}</p>;
  if (loaded.kind === 'error') return <p className="form-error" role="alert">{loaded.message}</p>;
  return (
    <div className="settings-section" data-testid="settings-remote">
      <BrokerForm initial={loaded.broker} />
    </div>
  );
}
