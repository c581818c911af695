import { SettingsSchema, type SettingsDto } from '../../shared/contract';
import type { Db } from '../db/open-database';

/** Settings live in the database (never in the renderer's storage), one JSON value per key. */
export function createSettingsStore(db: Db, defaults: SettingsDto) {
  const read = db.prepare(`SELECT key, value FROM settings`);
  const write = db.prepare(`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
  return {
    get(): SettingsDto {
      const stored: Record<string, unknown> = {};
      for (const { key, value } of read.all() as { key: string; value: string }[]) stored[key] = JSON.parse(value);
      const merged = SettingsSchema.safeParse({ ...defaults, ...stored });
      return merged.success ? merged.data : defaults;
    },
    update(patch: Partial<SettingsDto>): SettingsDto {
      const next = SettingsSchema.parse({ ...this.get(), ...patch });
      db.transaction(() => {
        for (const [key, value] of Object.entries(patch)) if (value !== undefined) write.run(key, JSON.stringify(value));
      })();
      return next;
    },
  };
}

export type SettingsStore = ReturnType<typeof createSettingsStore>;
