// Whether the configured ComfyUI can work right now. Offline is not an error: photos wait in the
// queue and start when it is back, and the banner says so in those words.
import { useShallow } from 'zustand/react/shallow';
import type { BackendDto } from '../../electron/shared/contract';
import { t } from '../i18n/t';
import { useApp } from '../store/context';
import { DDCOLOR_NODE, deviceText, versionText } from './backend-text';

function BackendLine({ backend }: { backend: BackendDto }) {
  const { url } = backend;
  switch (backend.state) {
    case 'unknown':
      return <p className="banner banner-neutral">{t('backend.checking', { url })}</p>;
    case 'online': {
      const device = deviceText(backend);
      const version = versionText(backend);
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

export function BackendBanner() {
  const backends = useApp(useShallow((s) => s.backends));
  if (backends.length === 0) return null;
  return (
    <section className="banners" aria-label={t('backend.region')} data-testid="backend-banner">
      {backends.map((backend) => (
        <div key={backend.url} data-backend-state={backend.state} data-checked-at={backend.checkedAtMs ?? undefined}>
          <BackendLine backend={backend} />
        </div>
      ))}
    </section>
  );
}
