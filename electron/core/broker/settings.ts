// Broker settings: URL and on/off in the settings table (key `broker`), the password in a
// SecretStore — Electron's safeStorage in the app (main injects encrypt/decrypt), the environment
// in the CLI. The URL the UI sees and stores never carries credentials.
import { readFile } from 'node:fs/promises';
import { connect } from 'amqplib';
import { z } from 'zod';
import type { BrokerSettingsDto, BrokerTestResultDto } from '../../shared/contract';
import type { Db } from '../db/open-database';
import { writeFileAtomically } from '../output/write-atomically';
import { describeError } from './keep-connected';

export const BROKER_PASSWORD_SECRET = 'broker.password';

export interface SecretStore {
  get(name: string): Promise<string | undefined>;
  /** null removes it. */
  set(name: string, value: string | null): Promise<void>;
}

/** CLI: HEIRLOOM_AMQP_PASSWORD. Read-only: the CLI never persists a secret. */
export function envSecrets(env: Readonly<Record<string, string | undefined>>): SecretStore {
  return {
    get: async (name) => (name === BROKER_PASSWORD_SECRET ? env.HEIRLOOM_AMQP_PASSWORD : undefined),
    set: async () => {
      throw new Error('secrets come from the environment here (HEIRLOOM_AMQP_PASSWORD); they cannot be saved');
    },
  };
}

/**
 * The app: a JSON file of encrypted values (base64). `encrypt`/`decrypt` are Electron's
 * safeStorage.encryptString / decryptString, injected by main (core never imports electron).
 */
export function encryptedFileSecrets(options: { path: string; encrypt: (plain: string) => Buffer; decrypt: (cipher: Buffer) => string }): SecretStore {
  const load = async (): Promise<Record<string, string>> => {
    try {
      const parsed = z.record(z.string(), z.string()).safeParse(JSON.parse(await readFile(options.path, 'utf8')));
      return parsed.success ? parsed.data : {};
    } catch {
      return {};
    }
  };
  return {
    async get(name) {
      const cipher = (await load())[name];
      return cipher === undefined ? undefined : options.decrypt(Buffer.from(cipher, 'base64'));
    },
    async set(name, value) {
      const all = await load();
      if (value === null) delete all[name];
      else all[name] = options.encrypt(value).toString('base64');
      await writeFileAtomically(options.path, Buffer.from(JSON.stringify(all)));
    },
  };
}

/** amqp:// or amqps://, host required, no credentials in it (they go to username + the secret store). */
export function checkBrokerUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url}" is not a URL (expected amqp://host[:5672][/vhost] or amqps://…)`;
  }
  if (parsed.protocol !== 'amqp:' && parsed.protocol !== 'amqps:') return `the broker URL must start with amqp:// or amqps://, not ${parsed.protocol}//`;
  if (!parsed.hostname) return 'the broker URL has no host';
  if (parsed.username || parsed.password) return 'put the user name and password in their own fields, not in the URL';
  return null;
}

/** The URL amqplib connects to: credentials percent-encoded into it. Without a username, the URL's own (or guest/guest on localhost). */
export function withCredentials(url: string, credentials: { username: string; password: string | undefined }): string {
  const parsed = new URL(url);
  if (credentials.username) {
    parsed.username = encodeURIComponent(credentials.username);
    parsed.password = encodeURIComponent(credentials.password ?? '');
  }
  return parsed.toString();
}

/** The same URL with any password replaced, for logs and error messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(invalid URL)';
  }
}

const StoredSchema = z.object({ enabled: z.boolean(), url: z.string(), username: z.string() });
const DEFAULTS: z.infer<typeof StoredSchema> = { enabled: false, url: 'amqp://127.0.0.1:5672', username: '' };

export type BrokerSettingsStore = ReturnType<typeof createBrokerSettings>;

export function createBrokerSettings(options: { db: Db; secrets: SecretStore }) {
  const { db, secrets } = options;
  const read = db.prepare(`SELECT value FROM settings WHERE key = 'broker'`);
  const write = db.prepare(`INSERT INTO settings (key, value) VALUES ('broker', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
  const stored = () => {
    const row = read.get() as { value: string } | undefined;
    const parsed = row ? StoredSchema.safeParse(JSON.parse(row.value)) : undefined;
    return parsed?.success ? parsed.data : DEFAULTS;
  };

  async function get(): Promise<BrokerSettingsDto> {
    return { ...stored(), hasPassword: (await secrets.get(BROKER_PASSWORD_SECRET)) !== undefined };
  }

  return {
    get,
    async update(patch: { enabled?: boolean | undefined; url?: string | undefined; username?: string | undefined; password?: string | null | undefined }): Promise<BrokerSettingsDto> {
      const next = { ...stored(), ...(patch.enabled === undefined ? {} : { enabled: patch.enabled }), ...(patch.url === undefined ? {} : { url: patch.url }), ...(patch.username === undefined ? {} : { username: patch.username }) };
      const problem = checkBrokerUrl(next.url);
      if (problem) throw Object.assign(new Error(problem), { code: 'invalid-broker-url' });
      if (patch.password !== undefined) await secrets.set(BROKER_PASSWORD_SECRET, patch.password);
      write.run(JSON.stringify(next));
      return get();
    },
    /** The URL to connect to (with credentials), or null while the broker is disabled. */
    async connectionUrl(): Promise<string | null> {
      const settings = stored();
      if (!settings.enabled) return null;
      return withCredentials(settings.url, { username: settings.username, password: await secrets.get(BROKER_PASSWORD_SECRET) });
    },
    /** "Test connection" with what the user typed; a password left out means the stored one. */
    async test(input: { url: string; username?: string | undefined; password?: string | undefined }, signal: AbortSignal): Promise<BrokerTestResultDto> {
      const problem = checkBrokerUrl(input.url);
      if (problem) return { ok: false, serverVersion: null, message: problem };
      const username = input.username ?? stored().username;
      const password = input.password ?? (await secrets.get(BROKER_PASSWORD_SECRET));
      return testBrokerConnection(withCredentials(input.url, { username, password }), signal);
    },
  };
}

/** Connects, reads the server's product and version, disconnects. Never throws. */
export async function testBrokerConnection(url: string, signal: AbortSignal): Promise<BrokerTestResultDto> {
  if (signal.aborted) return { ok: false, serverVersion: null, message: 'canceled' };
  const attempt = connect(url, { timeout: 10_000 });
  const abortedResult = new Promise<BrokerTestResultDto>((resolve) =>
    signal.addEventListener('abort', () => resolve({ ok: false, serverVersion: null, message: `no answer from ${redactUrl(url)} in time` }), { once: true }),
  );
  const connected = attempt.then(
    async (model): Promise<BrokerTestResultDto> => {
      model.on('error', () => undefined);
      const props = model.connection.serverProperties;
      await model.close().catch(() => undefined);
      return { ok: true, serverVersion: `${props.product ?? 'AMQP broker'} ${props.version ?? ''}`.trim(), message: null };
    },
    (error: unknown): BrokerTestResultDto => ({ ok: false, serverVersion: null, message: explainConnectError(error, url) }),
  );
  const result = await Promise.race([connected, abortedResult]);
  // A connection that arrives after the timeout is closed, not leaked.
  if (!result.ok) void attempt.then((model) => model.close().catch(() => undefined), () => undefined);
  return result;
}

function explainConnectError(error: unknown, url: string): string {
  const text = describeError(error);
  if (/ACCESS_REFUSED|403/.test(text)) return `${redactUrl(url)} refused the user name or password (${text})`;
  if (/ECONNREFUSED/.test(text)) return `nothing accepts connections at ${redactUrl(url)} (${text})`;
  if (/ENOTFOUND|EAI_AGAIN/.test(text)) return `the broker's host name does not resolve (${text})`;
  return `could not connect to ${redactUrl(url)}: ${text}`;
}
