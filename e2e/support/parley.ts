// What a user does in Parley, as steps the specs share: sign in to an account of a given
// protocol (the first, or one more), start a conversation from a chosen account, send.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';

export type Protocol = 'netalo' | 'talker';
const LABELS: Record<Protocol, string> = { netalo: 'Netalo', talker: 'talker' };

/** Signs in; when an account is already signed in, adds this one through "add account". */
export async function signInAccount(
  page: Page,
  opts: { protocol: Protocol; username: string; password: string; serverUrl?: string },
): Promise<void> {
  if (await page.getByTestId('chat-screen').isVisible()) await page.getByTestId('add-account').click();
  await expect(page.getByTestId('signin-form')).toBeVisible();
  await chooseProtocol(page, opts.protocol);
  if (opts.serverUrl) await page.getByTestId('signin-server').fill(opts.serverUrl);
  await page.getByTestId('signin-username').fill(opts.username);
  await page.getByTestId('signin-password').fill(opts.password);
  await page.getByTestId('signin-submit').click();
  await expect(page.getByTestId('chat-screen')).toBeVisible();
}

export async function chooseProtocol(page: Page, protocol: Protocol): Promise<void> {
  const picker = page.getByTestId('signin-protocol');
  if ((await picker.evaluate((el) => el.tagName)) === 'SELECT') await picker.selectOption(protocol);
  else await picker.getByText(LABELS[protocol], { exact: true }).click();
}

/** The account row in the account bar, by protocol. */
export function accountItem(page: Page, protocol: Protocol) {
  return page.locator(`[data-testid="account-item"][data-account-id^="${protocol}|"]`);
}

/** Starts (or opens) the direct conversation with `name` from the account of `protocol`. */
export async function openDirect(page: Page, protocol: Protocol, name: string): Promise<void> {
  await page.getByTestId('new-conversation').click();
  const picker = page.getByTestId('new-conversation-account');
  if (await picker.isVisible()) {
    if ((await picker.evaluate((el) => el.tagName)) === 'SELECT') {
      const value = await picker.locator('option', { hasText: LABELS[protocol] }).first().getAttribute('value');
      await picker.selectOption(value!);
    } else {
      await picker.getByText(LABELS[protocol], { exact: false }).first().click();
    }
  }
  await page.getByTestId('user-search-input').fill(name.toLowerCase());
  await page.getByTestId('user-search-result').filter({ hasText: new RegExp(name, 'i') }).first().click();
  await expect(page.getByTestId('conversation-header-title')).toHaveText(new RegExp(name, 'i'));
}

export async function send(page: Page, text: string): Promise<void> {
  await page.getByTestId('composer-input').fill(text);
  await page.getByTestId('composer-input').press('Enter');
}

/** The conversation rows of one account in the unified list. */
export function rowsOf(page: Page, protocol: Protocol) {
  return page.locator(`[data-testid="conversation-item"][data-account-id^="${protocol}|"]`);
}

/** The secret the browser host saved for its account of `protocol` (its own file, version 2). */
export function savedSecret(hostDataDir: string, protocol: Protocol): string {
  const file = JSON.parse(readFileSync(join(hostDataDir, 'session.json'), 'utf8')) as {
    sessions?: Array<{ protocol: string; secret: { value: string } }>;
  };
  const found = file.sessions?.find((s) => s.protocol === protocol);
  if (!found) throw new Error(`no saved ${protocol} account in ${hostDataDir}`);
  return found.secret.value;
}

/** A message the server has acknowledged: `sent`, or already further (talker reports delivery at once when the peer is online). */
export const ACKED = /^(sent|delivered|read)$/;
