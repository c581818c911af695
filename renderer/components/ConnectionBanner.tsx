// Shown only while the live-update channel to Heirloom itself is down (browser host restarted,
// laptop woke up); the store reloads everything once it is back.
import { useT } from '../i18n/use-t';
import { useApp } from '../store/context';

export function ConnectionBanner() {
  const t = useT();
  const connection = useApp((s) => s.connection);
  switch (connection.kind) {
    case 'connected':
      return null;
    case 'connecting':
      return (
        <p className="banner banner-neutral" role="status" data-testid="connection-banner">
          {t('connection.connecting')}
        </p>
      );
    case 'disconnected':
      return (
        <p className="banner banner-warn" role="alert" data-testid="connection-banner">
          {t('connection.lost', { seconds: Math.max(1, Math.ceil(connection.retryInMs / 1000)) })}
        </p>
      );
    default: {
      const never: never = connection;
      throw new Error(`unknown connection ${JSON.stringify(never)}`);
    }
  }
}
