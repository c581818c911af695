// Shown while no ComfyUI can colorize (first run, or the GPU PC is off): what ComfyUI is, how to
// point Heirloom at one on this PC or on the home network, and how to install the DDColor node
// and its model. Photos can be added meanwhile: they wait in the queue.
import { useShallow } from 'zustand/react/shallow';
import type { BackendDto } from '../../electron/shared/contract';
import { useT } from '../i18n/use-t';
import { useApp } from '../store/context';
import type { GuideState } from '../store/store';
import { DDCOLOR_NODE } from './backend-text';
import {
  COMFYUI_LAN_EXAMPLE,
  COMFYUI_LISTEN_COMMAND,
  COMFYUI_LOCAL_URL,
  COMFYUI_URL,
  DDCOLOR_CHECKPOINTS_DIR,
  DDCOLOR_CLONE_COMMAND,
  DDCOLOR_MODELS_URL,
  DDCOLOR_REPO_URL,
  DDCOLOR_REQUIREMENTS_COMMAND,
} from './guide-facts';
import { CloseIcon } from './icons';

/** No backend can colorize: none answers, or those that answer lack the DDColor node. */
export function noWorkingBackend(backends: readonly BackendDto[]): boolean {
  return backends.length === 0 || backends.every((b) => b.state === 'offline' || (b.state === 'incompatible' && b.missingNodes.includes(DDCOLOR_NODE)));
}

export function guideVisible(guide: GuideState, backends: readonly BackendDto[], anyDone: boolean): boolean {
  switch (guide) {
    case 'open':
      return true;
    case 'closed':
      return false;
    case 'auto':
      // Once a photo has been colorized the user knows the set-up: the banner is enough then.
      return noWorkingBackend(backends) && !anyDone;
    default: {
      const never: never = guide;
      throw new Error(`unknown guide state ${String(never)}`);
    }
  }
}

function ExternalLink({ href, children }: { href: string; children: string }) {
  return (
    <a href={href} target="_blank" rel="noreferrer noopener">
      {children}
    </a>
  );
}

export function FirstRunGuide() {
  const t = useT();
  const guide = useApp((s) => s.guide);
  const backends = useApp(useShallow((s) => s.backends));
  // Whether any photo is done is known once every page of the library is in.
  const complete = useApp((s) => s.complete);
  const anyDone = useApp((s) => s.index.all.done > 0);
  const setGuide = useApp((s) => s.setGuide);
  const openSettings = useApp((s) => s.openSettings);
  // Before the first probe answers (state 'unknown') the guide would flash: wait for it.
  const settled = backends.every((b) => b.state !== 'unknown');
  if (!complete || !settled || !guideVisible(guide, backends, anyDone)) return null;
  const missingNode = backends.some((b) => b.missingNodes.includes(DDCOLOR_NODE));

  return (
    <section className="guide" aria-labelledby="guide-title" data-testid="first-run-guide">
      <header className="guide-header">
        <div>
          <h2 id="guide-title">{t('guide.title')}</h2>
          <p className="muted">{missingNode ? t('guide.statusMissingNode') : t('guide.statusOffline')}</p>
        </div>
        <button type="button" className="icon-button" aria-label={t('guide.hide')} title={t('guide.hide')} onClick={() => setGuide('closed')}>
          <CloseIcon />
        </button>
      </header>
      <ol className="guide-steps">
        <li>
          <h3>{t('guide.whatTitle')}</h3>
          <p>{t('guide.whatBody')}</p>
          <p>
            <ExternalLink href={COMFYUI_URL}>{t('guide.whatLink')}</ExternalLink>
          </p>
        </li>
        <li>
          <h3>{t('guide.connectTitle')}</h3>
          <p>{t('guide.connectLocal', { url: COMFYUI_LOCAL_URL })}</p>
          <p>{t('guide.connectLan')}</p>
          <pre>
            <code>{COMFYUI_LISTEN_COMMAND}</code>
          </pre>
          <p>{t('guide.connectLanUrl', { example: COMFYUI_LAN_EXAMPLE })}</p>
          <button type="button" className="button button-primary" onClick={openSettings}>
            {t('guide.openSettings')}
          </button>
        </li>
        <li>
          <h3>{t('guide.nodeTitle')}</h3>
          <p>{t('guide.nodeManager')}</p>
          <p>{t('guide.nodeManual')}</p>
          <pre>
            <code>
              {DDCOLOR_CLONE_COMMAND}
              {'\n'}
              {DDCOLOR_REQUIREMENTS_COMMAND}
            </code>
          </pre>
          <p>{t('guide.nodeModel')}</p>
          <p>
            {t('guide.nodeModelOffline', { folder: DDCOLOR_CHECKPOINTS_DIR })} <ExternalLink href={DDCOLOR_MODELS_URL}>{t('guide.modelsLink')}</ExternalLink>
          </p>
          <p>
            <ExternalLink href={DDCOLOR_REPO_URL}>{t('guide.nodeLink')}</ExternalLink>
          </p>
        </li>
        <li>
          <h3>{t('guide.waitTitle')}</h3>
          <p>{t('guide.waitBody')}</p>
        </li>
      </ol>
    </section>
  );
}
