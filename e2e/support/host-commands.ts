// Commands sent to the browser host the way the desktop app's native menus do it ("Add
// Folder…" imports a folder by its path on this computer, which a web page cannot choose).
import type { CommandArgs, CommandName } from '../../electron/shared/contract';
import { WIRE } from '../../electron/shared/wire';

export async function hostCommand<K extends CommandName>(hostUrl: string, name: K, args: CommandArgs<K>): Promise<unknown> {
  const response = await fetch(new URL(WIRE.commandPath(name), hostUrl), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(args) });
  const envelope = (await response.json()) as { ok: boolean; result?: unknown; error?: { message: string } };
  if (!envelope.ok) throw new Error(`${name} failed: ${envelope.error?.message ?? response.status}`);
  return envelope.result;
}
