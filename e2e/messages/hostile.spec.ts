// Hostile messages: Bob (a scripted Netalo client) sends Alice markup, script, javascript:
// and data: addresses, a look-alike domain and ordinary links. In Alice's Parley (browser
// host) nothing executes, nothing is fetched from anywhere but Parley's own origin, only
// http(s) and mailto addresses are links, the look-alike shows its real (punycode) form,
// flagged, and a click on a link goes to main through links.openExternal: the browser host
// is started without a desktop (no DISPLAY), so its real "open this link" path prints the
// address it would hand to the system browser, which the test reads.
import { createInterface } from 'node:readline';
import { expect, test, type Page } from '@playwright/test';
import { openParley } from '../support/browser';
import { freePort, startServer, startWebHost, tempDir, type Running } from '../support/processes';
import { scriptedNetaloUser } from '../support/scripted-netalo-user';

const PASSWORDS = { alice: 'alice-parley', bob: 'bob-parley' };
const OPENED = 'Open this link in your browser: ';

const HOSTILE = {
  img: '<img src=x onerror=window.__pwned=1>',
  script: '<script>window.__pwned=2</script>',
  js: 'javascript:alert(1)',
  markdown: '[click](javascript:alert(1))',
  dataHtml: 'data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD00PC9zY3JpcHQ+',
  dataImage: 'see data:image/svg+xml,<svg onload=alert(1)>',
  // "аpple.com" with a Cyrillic а (U+0430).
  lookalike: 'Sign in at https://\u0430pple.com/login now',
  https: 'Docs: https://example.com/docs?q=1.',
  mailto: 'Write to mailto:help@example.com',
  multiline: 'first line\n    indented second\nthird line',
  emoji: '🎉🎉',
};

/** The message bubble whose text is exactly `text`. */
const bubble = (page: Page, text: string) => page.getByTestId('message').filter({ has: page.getByTestId('message-text').getByText(text, { exact: true }) });

test('a hostile message is text: nothing runs, nothing is fetched, only http(s) and mailto become links, look-alikes show their real form', async () => {
  test.skip(process.platform !== 'linux', 'the browser host opens links itself where there is always a desktop');
  const hosts: Running[] = [];
  const server = await startServer({ dataDir: tempDir('hostile-server') });
  const bob = await scriptedNetaloUser(server.url, 'bob', PASSWORDS.bob);
  // Alice starts the conversation (so Bob's messages are no request), from a plain client.
  const scriptedAlice = await scriptedNetaloUser(server.url, 'alice', PASSWORDS.alice);
  const conversationId = String(((await scriptedAlice.ask('create_group', { type: 1, occupants_uins: [bob.uin] })).group as { group_id: string }).group_id);
  scriptedAlice.close();

  // No desktop: the host's link opener prints what it would open.
  const host = await startWebHost({ dataDir: tempDir('hostile-alice-host'), port: await freePort(), serverUrl: server.url, env: { DISPLAY: undefined, WAYLAND_DISPLAY: undefined } });
  hosts.push(host);
  const opened: string[] = [];
  const openedWaiters: Array<() => void> = [];
  createInterface({ input: host.process.stdout! }).on('line', (line) => {
    if (!line.startsWith(OPENED)) return;
    opened.push(line.slice(OPENED.length));
    for (const wake of openedWaiters.splice(0)) wake();
  });
  const nextOpened = (count: number) =>
    new Promise<void>((resolve) => {
      if (opened.length >= count) return resolve();
      const check = () => (opened.length >= count ? resolve() : openedWaiters.push(check));
      openedWaiters.push(check);
    });

  const origin = new URL(host.url).origin;
  const context = await openParley(tempDir('hostile-alice-profile'), origin);
  try {
    const page = await context.newPage();
    const requests: string[] = [];
    context.on('request', (r) => requests.push(r.url()));
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(host.url);
    await page.getByTestId('signin-username').fill('alice');
    await page.getByTestId('signin-password').fill(PASSWORDS.alice);
    await page.getByTestId('signin-submit').click();
    await expect(page.locator('html')).toHaveAttribute('data-parley-ready', 'live');
    await page.getByTestId('conversation-item').filter({ hasText: 'Bob Okafor' }).click();
    await expect(page.getByTestId('conversation-header-title')).toHaveText(/Bob/);

    for (const text of Object.values(HOSTILE)) expect((await bob.say(conversationId, text)).result).toBe(0);
    await expect(page.getByTestId('message')).toHaveCount(Object.keys(HOSTILE).length);

    // Markup is shown as the characters it is: no element was made of it.
    await expect(bubble(page, HOSTILE.img)).toHaveCount(1);
    await expect(bubble(page, HOSTILE.script)).toHaveCount(1);
    await expect(page.getByTestId('message-list').locator('img[src="x"], script')).toHaveCount(0);
    // javascript: and data: addresses are not links.
    for (const text of [HOSTILE.js, HOSTILE.markdown, HOSTILE.dataHtml, HOSTILE.dataImage, HOSTILE.img, HOSTILE.script]) {
      await expect(bubble(page, text).getByTestId('message-link'), text).toHaveCount(0);
    }
    await expect(page.locator('a[href^="javascript:" i], a[href^="data:" i], [src^="data:text" i]')).toHaveCount(0);

    // The look-alike: its real form, flagged, the warning beside it.
    const lookalike = page.getByTestId('message-link').filter({ hasText: 'xn--' });
    await expect(lookalike).toHaveText('https://xn--pple-43d.com/login');
    await expect(lookalike).toHaveAttribute('href', 'https://xn--pple-43d.com/login');
    await expect(lookalike).toHaveAttribute('data-flagged', 'lookalike-host');
    await expect(page.getByTestId('message-link-warning')).toHaveCount(1);
    await expect(page.getByText('\u0430pple.com')).toHaveCount(0);

    // The https link (its sentence's full stop left out) shows where it goes, and a click asks main to open it.
    const docs = page.getByRole('link', { name: 'https://example.com/docs?q=1', exact: true });
    await expect(docs).toHaveAttribute('href', 'https://example.com/docs?q=1');
    await expect(docs).toHaveAttribute('title', 'https://example.com/docs?q=1');
    const appUrl = page.url();
    const pages = context.pages().length;
    await docs.click();
    await nextOpened(1);
    const mail = page.getByRole('link', { name: 'mailto:help@example.com', exact: true });
    await mail.click();
    await nextOpened(2);
    expect(opened).toEqual(['https://example.com/docs?q=1', 'mailto:help@example.com']);
    expect(page.url()).toBe(appUrl); // the page itself went nowhere
    expect(context.pages()).toHaveLength(pages); // and opened no tab or window

    // Multi-line text keeps its lines and indentation; emoji alone show larger.
    const multiline = page.getByTestId('message-text').filter({ hasText: 'first line' });
    expect(await multiline.evaluate((el) => [getComputedStyle(el).whiteSpace, el.textContent])).toEqual(['pre-wrap', HOSTILE.multiline]);
    const lines = await multiline.evaluate((el) => Math.round(el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight)));
    expect(lines).toBe(3);
    const emoji = page.getByTestId('message-text').filter({ hasText: '🎉' });
    await expect(emoji).toHaveAttribute('data-emoji-only', '2');
    const size = (el: Element) => parseFloat(getComputedStyle(el).fontSize);
    expect(await emoji.evaluate(size)).toBeGreaterThan(1.8 * (await multiline.evaluate(size)));

    // Nothing ran and nothing was fetched from anywhere else.
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((url) => new URL(url).origin !== origin)).toEqual([]);

    await page.screenshot({ path: test.info().outputPath('hostile-messages.png') });
  } finally {
    bob.close();
    await context.close();
    for (const h of hosts) await h.stop();
    await server.stop();
  }
});
