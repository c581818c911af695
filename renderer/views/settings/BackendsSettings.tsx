// The ComfyUI tab of the settings: every backend Heirloom spreads photos over — its state, what
// it has (version, GPU), how many photos it is working on — with Use / Edit / Remove, and a
// form to add another. Changes apply at once (the core gives back photos in flight on a
// backend that is removed or gets a new address).
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { BackendDto } from '../../../electron/shared/contract';
import { deviceText, versionText } from '../../components/backend-text';
import type { MessageKey } from '../../i18n/messages';
import { useT } from '../../i18n/use-t';
import { useApp } from '../../store/context';
import { BackendForm } from './BackendForm';

function stateKey(backend: BackendDto): MessageKey {
  if (!backend.enabled) return 'settings.backendState.disabled';
  switch (backend.state) {
    case 'online':
      return 'settings.backendState.online';
    case 'offline':
      return 'settings.backendState.offline';
    case 'incompatible':
      return 'settings.backendState.incompatible';
    case 'unknown':
      return 'settings.backendState.unknown';
    default: {
      const never: never = backend.state;
      throw new Error(`unknown backend state ${String(never)}`);
    }
  }
}

function BackendRow({ backend, onEdit }: { backend: BackendDto; onEdit: () => void }) {
  const t = useT();
  const update = useApp((s) => s.updateBackend);
  const remove = useApp((s) => s.removeBackend);
  const [problem, setProblem] = useState<string | null>(null);
  const device = deviceText(backend);
  const act = async (action: () => Promise<{ ok: true } | { ok: false; error: Error }>) => {
    const outcome = await action();
    setProblem(outcome.ok ? null : outcome.error.message);
  };
  return (
    <li className="backend-row" data-testid="backend-row" data-backend-id={backend.id} data-backend-state={backend.enabled ? backend.state : 'disabled'}>
      <div className="backend-main">
        <p className="backend-name">
          <span className={`dot dot-${backend.enabled && backend.state === 'online' ? 'online' : backend.state === 'incompatible' ? 'danger' : 'warn'}`} aria-hidden />
          {backend.name}
          <span className="muted backend-state">{t(stateKey(backend))}</span>
        </p>
        <p className="muted backend-url">{backend.url}</p>
        {backend.enabled && backend.state !== 'offline' && backend.version !== null && (
          <p className="muted">
            {device === null ? t('settings.backendVersion', { version: versionText(backend, t) }) : t('settings.backendVersionDevice', { version: versionText(backend, t), device })}
          </p>
        )}
        {backend.inFlight > 0 && <p className="muted">{t('settings.backendInFlight', { count: backend.inFlight })}</p>}
        {backend.enabled && backend.message !== null && <p className="field-hint" data-testid="backend-message">{backend.message}</p>}
        {problem !== null && (
          <p className="form-error" role="alert">
            {problem}
          </p>
        )}
      </div>
      <div className="backend-actions">
        <label className="check">
          <input
            type="checkbox"
            checked={backend.enabled}
            aria-label={t('settings.backendEnabledLabel', { name: backend.name })}
            onChange={(e) => {
              const enabled = e.currentTarget.checked;
              void act(() => update({ id: backend.id, enabled }));
            }}
          />
          {t('settings.backendEnabled')}
        </label>
        <button type="button" className="button" aria-label={t('settings.editBackendLabel', { name: backend.name })} onClick={onEdit}>
          {t('settings.editBackend')}
        </button>
        <button type="button" className="button" aria-label={t('settings.removeBackendLabel', { name: backend.name })} onClick={() => void act(() => remove(backend.id))}>
          {t('settings.removeBackend')}
        </button>
      </div>
    </li>
  );
}

export function BackendsSettings() {
  const t = useT();
  const backends = useApp(useShallow((s) => s.backends));
  const add = useApp((s) => s.addBackend);
  const update = useApp((s) => s.updateBackend);
  const [editing, setEditing] = useState<string | null>(null);
  // A new key empties the add form after a backend was added.
  const [added, setAdded] = useState(0);

  return (
    <div className="settings-section" data-testid="settings-backends">
      <h3>{t('settings.backends')}</h3>
      <p className="field-hint">{t('settings.backendsHint')}</p>
      {backends.length === 0 && <p className="muted">{t('settings.noBackends')}</p>}
      <ul className="backend-list">
        {backends.map((backend) =>
          editing === backend.id ? (
            <li key={backend.id} className="backend-row">
              <BackendForm
                formId={backend.id}
                initial={{ url: backend.url, name: backend.name, headers: backend.headers }}
                submitLabel={t('actions.save')}
                onCancel={() => setEditing(null)}
                onSubmit={async (values) => {
                  const outcome = await update({ id: backend.id, url: values.url, headers: values.headers, ...(values.name === undefined ? {} : { name: values.name }) });
                  if (outcome.ok) setEditing(null);
                  return outcome;
                }}
              />
            </li>
          ) : (
            <BackendRow key={backend.id} backend={backend} onEdit={() => setEditing(backend.id)} />
          ),
        )}
      </ul>
      <h3>{t('settings.addBackendTitle')}</h3>
      <BackendForm
        key={added}
        formId="add"
        initial={{ url: '', name: '', headers: {} }}
        submitLabel={t('settings.addBackend')}
        onSubmit={async (values) => {
          const outcome = await add(values);
          if (outcome.ok) setAdded((n) => n + 1);
          return outcome;
        }}
      />
    </div>
  );
}
