// One line saying how the link to the remote workers' RabbitMQ is doing (see broker-text.ts).
import { useT } from '../i18n/use-t';
import { useApp } from '../store/context';
import { brokerStatusText } from './broker-text';

export function BrokerStatusLine() {
  const t = useT();
  const status = useApp((s) => s.broker);
  const { tone, title, detail } = brokerStatusText(status, t);
  return (
    <div className={`banner banner-${tone}`} role="status" data-testid="broker-status" data-broker-state={status.state}>
      <span className={`dot dot-${tone}`} aria-hidden />
      <div>
        <p className="banner-title">{title}</p>
        {detail !== null && <p className="banner-detail">{detail}</p>}
      </div>
    </div>
  );
}
