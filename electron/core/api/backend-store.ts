// The configured ComfyUI backends: the backends table is the only truth (migration 3 seeds this
// PC's ComfyUI into a new library). Configuration only; what a backend is doing right now lives
// in the dispatcher.
import { BackendHeadersSchema, BackendUrlSchema } from '../../shared/contract';
import type { Db } from '../db/open-database';

export interface BackendConfig {
  readonly id: string;
  readonly name: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly enabled: boolean;
}

export interface BackendPatch {
  url?: string | undefined;
  name?: string | undefined;
  headers?: Record<string, string> | undefined;
  enabled?: boolean | undefined;
}

export class BackendStoreError extends Error {
  constructor(
    readonly code: 'backend-exists' | 'backend-not-found' | 'invalid-backend',
    message: string,
  ) {
    super(message);
    this.name = 'BackendStoreError';
  }
}

interface Row {
  id: string;
  name: string;
  url: string;
  headers_json: string;
  enabled: number;
}

/** `http://gpu-pc:8188/` and `http://gpu-pc:8188` are one backend: URLs are stored without a trailing slash. */
export function normalizeBackendUrl(url: string): string {
  const parsed = BackendUrlSchema.safeParse(url.trim());
  if (!parsed.success) throw new BackendStoreError('invalid-backend', `"${url}" is not an http:// or https:// URL.`);
  return parsed.data.replace(/\/+$/, '');
}

/** The name a backend gets when none is given: host[:port] of its URL. */
export function defaultBackendName(url: string): string {
  return new URL(url).host;
}

function toConfig(row: Row): BackendConfig {
  const headers = BackendHeadersSchema.safeParse(safeJson(row.headers_json));
  return { id: row.id, name: row.name, url: row.url, headers: headers.success ? headers.data : {}, enabled: row.enabled === 1 };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

export function createBackendStore(db: Db, options: { now: () => number; randomId: () => string }) {
  const { now, randomId } = options;
  const statements = {
    list: db.prepare(`SELECT id, name, url, headers_json, enabled FROM backends ORDER BY created_at_ms, rowid`),
    get: db.prepare(`SELECT id, name, url, headers_json, enabled FROM backends WHERE id = ?`),
    byUrl: db.prepare(`SELECT id FROM backends WHERE url = ?`),
    insert: db.prepare(
      `INSERT INTO backends (id, name, url, headers_json, enabled, created_at_ms, updated_at_ms)
       VALUES (@id, @name, @url, @headersJson, 1, @now, @now)`,
    ),
    update: db.prepare(
      `UPDATE backends SET name = @name, url = @url, headers_json = @headersJson, enabled = @enabled, updated_at_ms = @now WHERE id = @id`,
    ),
    remove: db.prepare(`DELETE FROM backends WHERE id = ?`),
  };

  function get(id: string): BackendConfig | undefined {
    const row = statements.get.get(id) as Row | undefined;
    return row ? toConfig(row) : undefined;
  }

  function mustGet(id: string): BackendConfig {
    const found = get(id);
    if (!found) throw new BackendStoreError('backend-not-found', `No backend with id ${id}.`);
    return found;
  }

  function assertUrlFree(url: string, exceptId?: string): void {
    const holder = statements.byUrl.get(url) as { id: string } | undefined;
    if (holder && holder.id !== exceptId) throw new BackendStoreError('backend-exists', `${url} is already in the list of backends.`);
  }

  function add(input: { url: string; name?: string | undefined; headers?: Record<string, string> | undefined }): BackendConfig {
    const url = normalizeBackendUrl(input.url);
    const headers = BackendHeadersSchema.parse(input.headers ?? {});
    const id = randomId();
    db.transaction(() => {
      assertUrlFree(url);
      statements.insert.run({ id, name: input.name?.trim() || defaultBackendName(url), url, headersJson: JSON.stringify(headers), now: now() });
    }).immediate();
    return mustGet(id);
  }

  return {
    list: (): BackendConfig[] => (statements.list.all() as Row[]).map(toConfig),
    get,
    add,

    update(id: string, patch: BackendPatch): BackendConfig {
      db.transaction(() => {
        const current = mustGet(id);
        const url = patch.url === undefined ? current.url : normalizeBackendUrl(patch.url);
        assertUrlFree(url, id);
        statements.update.run({
          id,
          name: patch.name?.trim() || current.name,
          url,
          headersJson: JSON.stringify(patch.headers === undefined ? current.headers : BackendHeadersSchema.parse(patch.headers)),
          enabled: (patch.enabled ?? current.enabled) ? 1 : 0,
          now: now(),
        });
      }).immediate();
      return mustGet(id);
    },

    remove(id: string): BackendConfig {
      const current = mustGet(id);
      statements.remove.run(id);
      return current;
    },

    /**
     * CLI/serve `--backend URL` (repeatable): the list becomes exactly these URLs. A URL already
     * listed keeps its id, name and headers, and is enabled.
     */
    replaceAll(urls: readonly string[]): BackendConfig[] {
      const wanted = [...new Set(urls.map(normalizeBackendUrl))];
      db.transaction(() => {
        for (const existing of (statements.list.all() as Row[]).map(toConfig)) {
          if (!wanted.includes(existing.url)) statements.remove.run(existing.id);
          else if (!existing.enabled) statements.update.run({ ...existing, headersJson: JSON.stringify(existing.headers), enabled: 1, now: now() });
        }
        for (const url of wanted) {
          if (!statements.byUrl.get(url)) statements.insert.run({ id: randomId(), name: defaultBackendName(url), url, headersJson: '{}', now: now() });
        }
      }).immediate();
      return (statements.list.all() as Row[]).map(toConfig);
    },
  };
}

export type BackendStore = ReturnType<typeof createBackendStore>;
