// The settings dialog's sections as tabs: the ComfyUI connection (its own form, passed in) and
// the sections that save as they change. Arrow keys move between tabs (WAI-ARIA tabs pattern,
// automatic activation).
import { useRef, useState } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';
import type { MessageKey } from '../../i18n/messages';
import { useT } from '../../i18n/use-t';
import { useApp } from '../../store/context';
import { AppearanceSettings } from './AppearanceSettings';
import { BrokerSettings } from './BrokerSettings';
import { OutputSettings } from './OutputSettings';
import { WorkflowSettings } from './WorkflowSettings';

const TABS = ['comfyui', 'remote', 'output', 'workflow', 'appearance'] as const;
type Tab = (typeof TABS)[number];
const LABELS: Readonly<Record<Tab, MessageKey>> = {
  comfyui: 'settings.tabComfyui',
  remote: 'settings.tabRemote',
  output: 'settings.tabOutput',
  workflow: 'settings.tabWorkflow',
  appearance: 'settings.tabAppearance',
};

export function SettingsTabs({ comfyui }: { comfyui: ReactNode }) {
  const t = useT();
  const settings = useApp((s) => s.settings);
  const [tab, setTab] = useState<Tab>('comfyui');
  const list = useRef<HTMLDivElement>(null);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const at = TABS.indexOf(tab);
    const next = event.key === 'ArrowRight' ? TABS[(at + 1) % TABS.length] : event.key === 'ArrowLeft' ? TABS[(at + TABS.length - 1) % TABS.length] : event.key === 'Home' ? TABS[0] : event.key === 'End' ? TABS[TABS.length - 1] : undefined;
    if (next === undefined) return;
    event.preventDefault();
    setTab(next);
    list.current?.querySelector<HTMLElement>(`#settings-tab-${next}`)?.focus();
  };

  const panel = (): ReactNode => {
    if (tab === 'comfyui') return comfyui;
    if (tab === 'remote') return <BrokerSettings />;
    if (settings === null) return <p className="muted">{t('settings.loading')}</p>;
    switch (tab) {
      case 'output':
        return <OutputSettings settings={settings} />;
      case 'workflow':
        return <WorkflowSettings settings={settings} />;
      case 'appearance':
        return <AppearanceSettings settings={settings} />;
      default: {
        const never: never = tab;
        throw new Error(`unknown settings tab ${String(never)}`);
      }
    }
  };

  return (
    <div className="settings-tabs">
      <div ref={list} className="tablist" role="tablist" aria-label={t('settings.sections')} onKeyDown={onKeyDown}>
        {TABS.map((option) => (
          <button
            key={option}
            id={`settings-tab-${option}`}
            type="button"
            role="tab"
            aria-selected={tab === option}
            aria-controls={`settings-panel-${option}`}
            tabIndex={tab === option ? 0 : -1}
            className={tab === option ? 'tab tab-on' : 'tab'}
            onClick={() => setTab(option)}
          >
            {t(LABELS[option])}
          </button>
        ))}
      </div>
      <div id={`settings-panel-${tab}`} role="tabpanel" aria-labelledby={`settings-tab-${tab}`} className="tabpanel">
        {panel()}
      </div>
    </div>
  );
}
