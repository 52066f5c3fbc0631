// The keyboard specs' world: the reference server, a browser host and a Chromium for Alice,
// who already has direct conversations with Bob and Carol (made and accepted beforehand by
// plain Netalo clients, so no request banner stands in for a composer).
import { expect, type BrowserContext, type Page } from '@playwright/test';
import { openParley } from '../support/browser';
import { freePort, startServer, startWebHost, tempDir, type Running } from '../support/processes';
import { scriptedNetaloUser } from '../support/scripted-netalo-user';

export interface KeyboardWorld {
  page: Page;
  /** Conversation IDs of Alice's direct conversations. */
  withBob: string;
  withCarol: string;
  close(): Promise<void>;
}

export async function startKeyboardWorld(): Promise<KeyboardWorld> {
  const server: Running = await startServer({ dataDir: tempDir('server'), port: await freePort() });
  let host: Running | undefined;
  let context: BrowserContext | undefined;
  try {
    const alice = await scriptedNetaloUser(server.url, 'alice', 'alice-parley');
    const bob = await scriptedNetaloUser(server.url, 'bob', 'bob-parley');
    const carol = await scriptedNetaloUser(server.url, 'carol', 'carol-parley');
    const withBob = await alice.direct(bob.uin);
    await alice.say(withBob, 'hi Bob');
    await bob.say(withBob, 'hi Alice');
    // A thread longer than the list keeps in the DOM (MessageList's MAX_RENDERED_ROWS): rows are recycled.
    for (let i = 1; i <= 120; i++) await bob.say(withBob, `line ${i} from Bob`);
    const withCarol = await alice.direct(carol.uin);
    await alice.say(withCarol, 'hi Carol');
    await carol.say(withCarol, 'hi Alice, Carol here');
    for (const u of [alice, bob, carol]) u.close();

    host = await startWebHost({ dataDir: tempDir('host'), port: await freePort(), serverUrl: server.url });
    context = await openParley(tempDir('profile'), new URL(host.url).origin);
    const page = await context.newPage();
    await page.goto(host.url);
    const h = host;
    const c = context;
    return {
      page,
      withBob,
      withCarol,
      async close() {
        await c.close().catch(() => {});
        await h.stop();
        await server.stop();
      },
    };
  } catch (e) {
    await context?.close().catch(() => {});
    await host?.stop();
    await server.stop();
    throw e;
  }
}

/** Signs Alice in with the keyboard alone: the form opens with focus in its username field. */
export async function signInByKeyboard(page: Page, username: string, password: string): Promise<void> {
  await expect(page.getByTestId('signin-username')).toBeFocused();
  await page.keyboard.type(username);
  // Tab on to the password field (past nothing else: it follows the username).
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('signin-password')).toBeFocused();
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('chat-screen')).toBeVisible();
  await expect(page.getByTestId('connection-indicator')).toHaveAttribute('data-state', 'online');
  await expect(page.locator('html')).toHaveAttribute('data-parley-ready', 'live');
}

/** What has focus, as a short description (for failure messages). */
export function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return el ? `${el.tagName} ${el.dataset.testid ?? ''} ${el.className}` : 'none';
  });
}

/** Presses Tab (or Shift+Tab) until `selector` has focus, at most `max` times. */
export async function tabTo(page: Page, selector: string, opts: { back?: boolean; max?: number } = {}): Promise<void> {
  for (let i = 0; i < (opts.max ?? 12); i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press(opts.back ? 'Shift+Tab' : 'Tab');
  }
  expect(await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector), `focus on ${selector}, is on ${await focused(page)}`).toBe(true);
}
