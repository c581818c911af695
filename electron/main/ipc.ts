// The one IPC entry point. The renderer is untrusted: the sender must be our window's main
// frame showing heirloom://app, the name must be a string; runCommand then re-validates the
// name and the args with the contract's zod schemas. Always answers with an envelope.
import type { CommandEnvelope } from '../shared/contract';
import { isAppUrl } from './security';

export interface CommandSender {
  /** webContents id of the sender. */
  contentsId: number;
  /** URL of the sending frame; undefined when the frame is gone (navigated or destroyed). */
  frameUrl: string | undefined;
  isMainFrame: boolean;
}

export type RunCommand = (name: string, args: unknown) => Promise<CommandEnvelope>;

/** Why this sender may not call commands, or undefined when it may. */
export function senderProblem(sender: CommandSender, windowContentsId: number | undefined): string | undefined {
  if (windowContentsId === undefined || sender.contentsId !== windowContentsId) return 'sender is not the Heirloom window';
  if (!sender.isMainFrame) return 'sender is a subframe';
  if (sender.frameUrl === undefined || !isAppUrl(sender.frameUrl)) return 'sender page is not heirloom://app';
  return undefined;
}

export function handleCommand(
  sender: CommandSender,
  windowContentsId: number | undefined,
  name: unknown,
  args: unknown,
  run: RunCommand,
): Promise<CommandEnvelope> {
  const problem = senderProblem(sender, windowContentsId);
  if (problem) return Promise.resolve({ ok: false, error: { code: 'forbidden', message: problem } });
  if (typeof name !== 'string') {
    return Promise.resolve({ ok: false, error: { code: 'unknown-command', message: `command name must be a string, got ${typeof name}` } });
  }
  return run(name, args);
}
