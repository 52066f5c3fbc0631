// What a user does in Parley, as steps the specs share: sign in to an account of a given
// protocol (the first, or one more), start a conversation from a chosen account, send.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';

export type Protocol = 'netalo' | 'talker' | 'haraj' | 'mingdao' | 'azstack';
const LABELS: Record<Protocol, string> = { netalo: 'Netalo', talker: 'talker', haraj: 'Haraj', mingdao: 'Mingdao', azstack: 'AZStack' };

/**
 * Signs in; when an account is already signed in, adds this one through "add account".
 * AZStack also asks for the app: `appId` and its `publicKey` (the demo app's is in
 * `<server data>/azstack/parley-demo.pub`: see `demoAzstackApp`); its `username` is the
 * AZStack user ID and its `password` the user credentials (may be '').
 */
export async function signInAccount(
  page: Page,
  opts: {
    protocol: Protocol;
    username: string;
    password: string;
    serverUrl?: string;
    appId?: string;
    publicKey?: string;
    /** AZStack: the host prefilled the app's ID and key (as `npm start` does for the demo app): check them, type nothing. */
    prefilledApp?: { appId: string; publicKey: string };
  },
): Promise<void> {
  // Parley shows the sign-in form (no account yet) or the chat (then: "Add account"); wait for either.
  const form = page.getByTestId('signin-form');
  await expect(form.or(page.getByTestId('chat-screen')).first()).toBeVisible();
  if (!(await form.isVisible())) await page.getByTestId('add-account').click();
  await expect(form).toBeVisible();
  await chooseProtocol(page, opts.protocol);
  if (opts.serverUrl) await page.getByTestId('signin-server').fill(opts.serverUrl);
  if (opts.protocol === 'azstack') {
    if (opts.prefilledApp) {
      await expect(page.getByTestId('signin-appid')).toHaveValue(opts.prefilledApp.appId);
      await expect(page.getByTestId('signin-publickey')).toHaveValue(opts.prefilledApp.publicKey);
    } else {
      if (opts.appId === undefined || opts.publicKey === undefined) throw new Error('signing in to AZStack needs appId and publicKey');
      await page.getByTestId('signin-appid').fill(opts.appId);
      await page.getByTestId('signin-publickey').fill(opts.publicKey);
    }
  }
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

/**
 * Starts (or opens) the direct conversation with `name` from the account of `protocol`.
 * `query`: what to type in the search where the protocol finds people by something else
 * (Mingdao: the account ID); by default the name.
 */
export async function openDirect(page: Page, protocol: Protocol, name: string, query = name.toLowerCase()): Promise<void> {
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
  await page.getByTestId('user-search-input').fill(query);
  await page.getByTestId('user-search-result').filter({ hasText: new RegExp(name, 'i') }).first().click();
  await expect(page.getByTestId('conversation-header-title')).toHaveText(new RegExp(name, 'i'));
  // The dialog closes just after the conversation shows; until then it is modal and the
  // composer behind it takes no typing.
  await expect(page.locator('dialog.dialog[open]')).toHaveCount(0);
}

export async function send(page: Page, text: string): Promise<void> {
  await page.getByTestId('composer-input').fill(text);
  await page.getByTestId('composer-input').press('Enter');
}

/**
 * Opens a conversation by clicking its row in the list, and waits until the view shows it. The
 * view switches once the conversation's newest cached page has been read (sync/history.ts):
 * typing before that would fill the previous conversation's composer, which a user cannot do
 * (the click leaves the focus on the row) but `fill` can.
 */
export async function openRow(page: Page, rowLocator: Locator): Promise<void> {
  const id = await rowLocator.getAttribute('data-conversation-id');
  await rowLocator.click();
  await expect(page.getByTestId('conversation-view')).toHaveAttribute('data-conversation-id', id!);
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

/** The reference server's demo AZStack app (written by --demo into the server's data dir). */
export function demoAzstackApp(serverDataDir: string): { appId: string; publicKey: string } {
  return { appId: 'parley-demo', publicKey: readFileSync(join(serverDataDir, 'azstack', 'parley-demo.pub'), 'utf8').trim() };
}

/** A message the server has acknowledged: `sent`, or already further (talker reports delivery at once when the peer is online). */
export const ACKED = /^(sent|delivered|read)$/;
