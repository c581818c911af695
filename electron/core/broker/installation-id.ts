// Which app installation this is: the routing key its results come back with. Made once, kept
// in the settings table; a copied data directory keeps it (and so shares the results queue,
// which is fine: whichever copy runs settles what it sent, the other sees stale results).
import type { Db } from '../db/open-database';
import { InstallationIdSchema } from './messages';

const KEY = 'broker.installationId';

export function loadInstallationId(db: Db, newId: () => string): string {
  const row = db.prepare(`SELECT value FROM settings WHERE key = ?`).get(KEY) as { value: string } | undefined;
  const stored = row ? InstallationIdSchema.safeParse(JSON.parse(row.value)) : undefined;
  if (stored?.success) return stored.data;
  const id = InstallationIdSchema.parse(newId());
  db.prepare(`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(KEY, JSON.stringify(id));
  return id;
}
