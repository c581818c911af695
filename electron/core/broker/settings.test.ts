import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { openTestDb, tempDir } from '../testing/test-db';
import { checkBrokerUrl, createBrokerSettings, encryptedFileSecrets, envSecrets, redactUrl, withCredentials } from './settings';

const dirs: Array<() => void> = [];
after(() => dirs.forEach((remove) => remove()));

test('broker URLs: amqp(s) with a host and no credentials inside', () => {
  assert.equal(checkBrokerUrl('amqp://rabbit.local:5672/heirloom'), null);
  assert.equal(checkBrokerUrl('amqps://rabbit.example.org'), null);
  assert.match(checkBrokerUrl('http://rabbit:5672') ?? '', /must start with amqp:\/\/ or amqps:\/\//);
  assert.match(checkBrokerUrl('amqp://user:pw@rabbit') ?? '', /own fields/);
  assert.match(checkBrokerUrl('rabbit:5672') ?? '', /must start with amqp/);
  assert.match(checkBrokerUrl('not a url') ?? '', /is not a URL/);
});

test('credentials are percent-encoded into the connection URL and redacted in messages', () => {
  const url = withCredentials('amqp://rabbit:5672/%2F', { username: '奶奶', password: 'p@ss:/word' });
  assert.equal(decodeURIComponent(new URL(url).username), '奶奶');
  assert.equal(decodeURIComponent(new URL(url).password), 'p@ss:/word');
  assert.equal(redactUrl(url).includes('p%40ss'), false);
  assert.match(redactUrl(url), /:\*\*\*@rabbit/);
  assert.equal(withCredentials('amqp://rabbit', { username: '', password: 'ignored' }), 'amqp://rabbit');
});

test('settings live in the database, the password only in the secret store (encrypted file, as the app does with safeStorage)', async () => {
  const dir = tempDir('broker-settings');
  dirs.push(dir.remove);
  const db = openTestDb(dir.path, Date.now);
  // A reversible stand-in for safeStorage: what matters is that the file never holds the plain text.
  const secrets = encryptedFileSecrets({
    path: join(dir.path, 'secrets.json'),
    encrypt: (plain) => Buffer.from([...Buffer.from(plain)].map((b) => b ^ 0x5a)),
    decrypt: (cipher) => Buffer.from([...cipher].map((b) => b ^ 0x5a)).toString(),
  });
  const broker = createBrokerSettings({ db, secrets });
  assert.deepEqual(await broker.get(), { enabled: false, url: 'amqp://127.0.0.1:5672', username: '', hasPassword: false });
  assert.equal(await broker.connectionUrl(), null, 'disabled: no connection');
  const saved = await broker.update({ enabled: true, url: 'amqp://rabbit.lan:5672', username: 'family', password: 's3cret' });
  assert.deepEqual(saved, { enabled: true, url: 'amqp://rabbit.lan:5672', username: 'family', hasPassword: true });
  assert.equal(await broker.connectionUrl(), 'amqp://family:s3cret@rabbit.lan:5672');
  const stored = JSON.stringify(db.prepare(`SELECT * FROM settings`).all());
  assert.equal(stored.includes('s3cret'), false, 'the password is not in the settings table');
  assert.equal(readFileSync(join(dir.path, 'secrets.json'), 'utf8').includes('s3cret'), false, 'nor in clear in the secrets file');
  await assert.rejects(broker.update({ url: 'http://rabbit' }), /amqp:\/\//);
  assert.equal((await broker.update({ password: null })).hasPassword, false);
  db.close();
});

test('the CLI takes the password from the environment and refuses to save one', async () => {
  const secrets = envSecrets({ HEIRLOOM_AMQP_PASSWORD: 'from-env' });
  assert.equal(await secrets.get('broker.password'), 'from-env');
  await assert.rejects(secrets.set('broker.password', 'x'), /from the environment/);
});

test('test connection: a clear answer for a refused port and a bad URL, without throwing', async () => {
  const dir = tempDir('broker-test');
  dirs.push(dir.remove);
  const db = openTestDb(dir.path, Date.now);
  const broker = createBrokerSettings({ db, secrets: envSecrets({}) });
  const refused = await broker.test({ url: 'amqp://127.0.0.1:1' }, AbortSignal.timeout(5_000));
  assert.equal(refused.ok, false);
  assert.match(refused.message ?? '', /nothing accepts connections at amqp:\/\/127\.0\.0\.1:1/);
  assert.match((await broker.test({ url: 'http://x' }, AbortSignal.timeout(1_000))).message ?? '', /amqp:\/\//);
  db.close();
});
