// The settings' Remote workers tab against the real RabbitMQ at 127.0.0.1:5672: the URL is checked
// as you type, "Test connection" names the server (and says why when it cannot connect), Save
// keeps the settings, and the password is never shown back. Without a broker this spec is skipped
// with the reason, except in CI, where it must run.
import { join } from 'node:path';
import { connect } from 'amqplib';
import Database from 'better-sqlite3';
import type { Page } from '@playwright/test';
import { expect, test } from '../support/env';
import { openLibrary } from '../support/library-page';

const BROKER = 'amqp://127.0.0.1:5672';

async function brokerProblem(): Promise<string | null> {
  try {
    const model = await connect(BROKER, { timeout: 3_000 });
    await model.close();
    return null;
  } catch (error) {
    return `no RabbitMQ at ${BROKER} (${error instanceof Error ? error.message : String(error)})`;
  }
}

/** Saving with the switch on made this library's queues (prefix `heirloom`): removed, so runs leave nothing behind. */
async function deleteQueuesOf(dataDir: string): Promise<void> {
  const db = new Database(join(dataDir, 'heirloom.sqlite'), { readonly: true, fileMustExist: true });
  let id: string | undefined;
  try {
    const row = db.prepare(`SELECT value FROM settings WHERE key = 'broker.installationId'`).get() as { value: string } | undefined;
    id = row ? (JSON.parse(row.value) as string) : undefined;
  } finally {
    db.close();
  }
  if (id === undefined) return;
  const model = await connect(BROKER);
  try {
    const channel = await model.createChannel();
    for (const queue of [`heirloom.results.${id}`, `heirloom.dead.${id}`]) await channel.deleteQueue(queue);
  } finally {
    await model.close();
  }
}

test('remote workers: check the URL, test the connection against RabbitMQ, save', async ({ page, env }) => {
  const problem = await brokerProblem();
  test.skip(problem !== null && process.env['CI'] !== 'true', problem ?? '');
  const ready = await env.startEmulator();
  const heirloom = await env.startHeirloom(ready.url);
  try {
    await checkTestAndSave(page, heirloom.url);
  } finally {
    await heirloom.stop(); // it owns its library while it runs (db/open-database.ts)
    await deleteQueuesOf(env.dataDir);
  }
});

async function checkTestAndSave(page: Page, heirloomUrl: string): Promise<void> {
  await openLibrary(page, heirloomUrl);

  await page.getByRole('button', { name: 'Settings' }).click();
  const dialog = page.getByTestId('settings-dialog');
  await dialog.getByRole('tab', { name: 'Remote workers' }).click();
  const form = dialog.getByTestId('broker-form');
  const enabled = form.getByLabel('Send photos to remote workers');
  await expect(enabled).not.toBeChecked();

  const url = form.getByLabel('RabbitMQ URL');
  await url.fill('http://rabbit.local');
  await expect(form.getByTestId('broker-error-url')).toHaveText('Enter an address starting with amqp:// or amqps://');
  await expect(url).toHaveAttribute('aria-invalid', 'true');
  await url.fill('amqp://guest:guest@127.0.0.1:5672');
  await expect(form.getByTestId('broker-error-url')).toHaveText('Put the user name and password in their own fields, not in the address');

  // Nothing listens on port 1: the reason is shown, in words.
  await url.fill('amqp://127.0.0.1:1');
  await form.getByRole('button', { name: 'Test connection' }).click();
  const result = form.getByTestId('broker-test-result');
  await expect(result).toContainText('Could not connect: nothing accepts connections at amqp://127.0.0.1:1');

  await url.fill(BROKER);
  await expect(url).toHaveAttribute('aria-invalid', 'false');
  await form.getByRole('button', { name: 'Test connection' }).click();
  await expect(result).toHaveText(/^Connected: RabbitMQ \d+\.\d+/);

  await enabled.check();
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByTestId('broker-save-status')).toHaveText('Saved');
  // The link's state, pushed by the core (broker.updated), above the form and beside the backends.
  await expect(form.getByTestId('broker-status')).toHaveText('Remote workers: connected to RabbitMQ');

  // Opened again, the form shows what the core kept.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('backend-banner').getByTestId('broker-status')).toHaveAttribute('data-broker-state', 'connected');
  await page.getByRole('button', { name: 'Settings' }).click();
  await dialog.getByRole('tab', { name: 'Remote workers' }).click();
  await expect(form.getByLabel('RabbitMQ URL')).toHaveValue(BROKER);
  await expect(form.getByLabel('Send photos to remote workers')).toBeChecked();
  await expect(form.getByLabel('Password')).toHaveValue('');

  // The command line keeps its password in the environment: saving one is refused, with the reason.
  await form.getByLabel('Password').fill('secret');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByTestId('broker-save-status')).toContainText('HEIRLOOM_AMQP_PASSWORD');

  // Switched off again (the app stops its broker connections).
  await form.getByLabel('Password').fill('');
  await form.getByLabel('Send photos to remote workers').uncheck();
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByTestId('broker-save-status')).toHaveText('Saved');
  await expect(form.getByTestId('broker-status')).toHaveText('Remote workers are off');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('backend-banner').getByTestId('broker-status')).toHaveCount(0);
}

// Needs no RabbitMQ: a broker that cannot be reached is shown as such, with the reason, where the
// backends' health is, and the line goes when remote workers are switched off.
test('remote workers: an unreachable broker is shown beside the backends, with the reason', async ({ page, env }) => {
  const ready = await env.startEmulator();
  const heirloom = await env.startHeirloom(ready.url);
  await openLibrary(page, heirloom.url);
  const banner = page.getByTestId('backend-banner');
  await expect(banner).toBeVisible();
  await expect(banner.getByTestId('broker-status')).toHaveCount(0);

  await page.getByRole('button', { name: 'Settings' }).click();
  const dialog = page.getByTestId('settings-dialog');
  await dialog.getByRole('tab', { name: 'Remote workers' }).click();
  const form = dialog.getByTestId('broker-form');
  await expect(form.getByTestId('broker-status')).toHaveText('Remote workers are off');
  await form.getByLabel('RabbitMQ URL').fill('amqp://127.0.0.1:1');
  await form.getByLabel('Send photos to remote workers').check();
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByTestId('broker-status')).toHaveAttribute('data-broker-state', 'error');
  await page.keyboard.press('Escape');

  const line = banner.getByTestId('broker-status');
  await expect(line).toContainText('Remote workers: cannot reach RabbitMQ — retrying by itself');
  await expect(line).toContainText('127.0.0.1:1');

  await page.getByRole('button', { name: 'Settings' }).click();
  await dialog.getByRole('tab', { name: 'Remote workers' }).click();
  await form.getByLabel('Send photos to remote workers').uncheck();
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByTestId('broker-status')).toHaveText('Remote workers are off');
  await page.keyboard.press('Escape');
  await expect(banner.getByTestId('broker-status')).toHaveCount(0);
});
