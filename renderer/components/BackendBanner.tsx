// Whether the configured ComfyUI can work right now. Offline is not an error: photos wait in the
// queue and start when it is back, and the banner says so in those words.
import { useShallow } from 'zustand/react/shallow';
import type { BackendDto } from '../../electron/shared/contract';
import type { T } from '../i18n/messages';
import { useT } from '../i18n/use-t';
import { useApp } from '../store/context';
import { DDCOLOR_NODE, deviceText, versionText } from './backend-text';
import { BrokerStatusLine } from './BrokerStatusLine';
import { noWorkingBackend } from './FirstRunGuide';

function BackendLine({ backend, t }: { backend: BackendDto; t: T }) {
  const { url } = backend;
  switch (backend.state) {
    case 'unknown':
      return <p className="banner banner-neutral">{t('backend.checking', { url })}</p>;
    case 'online': {
      const device = deviceText(backend);
      const version = versionText(backend, t);
      return (
        <p className="banner banner-online">
          <span className="dot dot-online" aria-hidden />
          {device === null ? t('backend.online', { version, url }) : t('backend.onlineDevice', { version, url, device })}
        </p>
      );
    }
    case 'offline':
      return (
        <div className="banner banner-warn" role="alert">
          <span className="dot dot-warn" aria-hidden />
          <div>
            <p className="banner-title">{t('backend.offline', { url })}</p>
            {backend.message !== null && <p className="banner-detail">{backend.message}</p>}
          </div>
        </div>
      );
    case 'incompatible':
      return (
        <div className="banner banner-danger" role="alert">
          <span className="dot dot-danger" aria-hidden />
          <div>
            <p className="banner-title">
              {backend.missingNodes.length > 0 ? t('backend.missingNodes', { url, nodes: backend.missingNodes.join(', ') }) : t('backend.incompatible', { url })}
            </p>
            {/* The core's message repeats the missing nodes; it explains only other incompatibilities. */}
            {backend.missingNodes.length === 0 && backend.message !== null && <p className="banner-detail">{backend.message}</p>}
            {backend.missingNodes.includes(DDCOLOR_NODE) && <p className="banner-detail">{t('backend.missingDDColor')}</p>}
          </div>
        </div>
      );
    default: {
      const never: never = backend.state;
      throw new Error(`unknown backend state ${String(never)}`);
    }
  }
}

/** Opens the first-run guide again once it was closed, while no ComfyUI can colorize. */
function GuideLink() {
  const t = useT();
  const backends = useApp(useShallow((s) => s.backends));
  const guide = useApp((s) => s.guide);
  const setGuide = useApp((s) => s.setGuide);
  if (guide !== 'closed' || !noWorkingBackend(backends)) return null;
  return (
    <button type="button" className="button button-small button-quiet" onClick={() => setGuide('open')}>
      {t('guide.show')}
    </button>
  );
}

export function BackendBanner() {
  const t = useT();
  // Backends switched off in the settings are not working for this library: no line for them.
  const backends = useApp(useShallow((s) => s.backends.filter((backend) => backend.enabled)));
  // Remote workers, when switched on, are shown with the backends: they colorize too.
  const brokerOn = useApp((s) => s.broker.state !== 'disabled');
  if (backends.length === 0 && !brokerOn) return null;
  return (
    <section className="banners" aria-label={t('backend.region')} data-testid="backend-banner">
      {backends.map((backend) => (
        <div key={backend.id} data-backend-state={backend.state} data-checked-at={backend.checkedAtMs ?? undefined}>
          <BackendLine backend={backend} t={t} />
        </div>
      ))}
      {brokerOn && <BrokerStatusLine />}
      <GuideLink />
    </section>
  );
}
