// The broker link in words (settings → Remote workers, and beside the ComfyUI lines in the
// library): what state it is in and, while it works, how many photos are out at remote workers.
import type { BrokerStatusDto } from '../../electron/shared/contract';
import type { T } from '../i18n/messages';

/** Tone of the line: the same colours as a backend's (online / checking / offline). */
export type BrokerTone = 'online' | 'neutral' | 'warn';

export function brokerStatusText(status: BrokerStatusDto, t: T): { tone: BrokerTone; title: string; detail: string | null } {
  const { inFlight } = status;
  switch (status.state) {
    case 'disabled':
      return { tone: 'neutral', title: t('broker.disabled'), detail: null };
    case 'connecting':
      return { tone: 'neutral', title: t('broker.connecting'), detail: null };
    case 'connected':
      return { tone: 'online', title: inFlight > 0 ? t('broker.connectedBusy', { count: inFlight }) : t('broker.connected'), detail: null };
    case 'error':
      // Photos already out stay with the workers; new ones wait here until the link is back.
      return { tone: 'warn', title: inFlight > 0 ? t('broker.errorBusy', { count: inFlight }) : t('broker.error'), detail: status.message };
    default: {
      const never: never = status.state;
      throw new Error(`unknown broker state ${String(never)}`);
    }
  }
}
