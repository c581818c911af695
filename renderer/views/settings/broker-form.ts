// The remote-workers form's URL check, as the core does it (broker/settings.ts checkBrokerUrl):
// amqp:// or amqps:// with a host, and no credentials inside (they have their own fields).
import { BrokerUrlSchema } from '../../../electron/shared/contract';

export type BrokerUrlProblem = 'required' | 'invalid' | 'credentials';

export function brokerUrlProblem(text: string): BrokerUrlProblem | undefined {
  const url = text.trim();
  if (url === '') return 'required';
  if (!BrokerUrlSchema.safeParse(url).success) return 'invalid';
  const parsed = new URL(url);
  if (parsed.hostname === '') return 'invalid';
  if (parsed.username !== '' || parsed.password !== '') return 'credentials';
  return undefined;
}
