// One Parley, an account on every protocol at once, through real processes: the reference
// server with all its fronts (Netalo, talker, Haraj, Mingdao, AZStack), one browser host
// per user, Debian's Chromium.
//
// Alice signs in to each protocol in one Parley; Bob, in his own, writes to her on each.
// Alice's one list holds every conversation, each row marked with its account; she answers
// each from the account it belongs to, and Bob gets every answer on the protocol he wrote on.
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { openParley } from '../support/browser';
import { demoAzstackApp, openDirect, rowsOf, send, signInAccount, type Protocol } from '../support/parley';
import { freePort, startServer, startWebHost, tempDir, type Running } from '../support/processes';

test.use({ actionTimeout: 10_000 });

/** Each protocol, the label its rows carry, and how Bob finds Alice on it. */
const PROTOCOLS: Array<{ protocol: Protocol; label: string; find?: () => Promise<string> }> = [
  { protocol: 'netalo', label: 'Netalo' },
  { protocol: 'talker', label: 'talker' },
  { protocol: 'haraj', label: 'Haraj' },
  // Mingdao has no user search: a colleague gives you their account ID (the sign-in answers it).
  { protocol: 'mingdao', label: 'Mingdao', find: () => mingdaoAccountId('alice') },
  // AZStack finds a user by their exact AZStack user ID: the username, on the demo app.
  { protocol: 'azstack', label: 'AZStack' },
];

let server: Running;
let serverData: string;
const hosts: Running[] = [];
const contexts: BrowserContext[] = [];

test.beforeAll(async () => {
  serverData = tempDir('four-server');
  server = await startServer({ dataDir: serverData, talkerPort: 0, harajPort: 0, mingdaoPort: 0, azstackPort: 0 });
});
test.afterAll(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
  await Promise.all(hosts.splice(0).map((h) => h.stop()));
  await server?.stop();
});

async function mingdaoAccountId(name: string): Promise<string> {
  const res = await fetch(`${server.frontUrls!.mingdao!}/mds2/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ account: name, password: `${name}-parley` }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { accountId: string }).accountId;
}

/**
 * My message is acknowledged, and in the thread once: where the server's copy can arrive
 * before main's acknowledgement (talker's echo), the two show for a moment, then merge.
 */
async function expectSentOnce(page: Page, text: string): Promise<void> {
  const message = page.getByTestId('message').filter({ hasText: text });
  await expect(message.and(page.locator('[data-status="sent"], [data-status="delivered"], [data-status="read"]'))).toHaveCount(1);
  await expect(message).toHaveCount(1);
}

/** `name`'s Parley, signed in to every protocol. */
async function parleyFor(name: string): Promise<Page> {
  const host = await startWebHost({ dataDir: tempDir(`four-${name}-host`), port: await freePort(), serverUrl: server.url, talkerUrl: server.talkerUrl!, frontUrls: server.frontUrls! });
  hosts.push(host);
  const context = await openParley(tempDir(`four-${name}-profile`), new URL(host.url).origin);
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(host.url);
  for (const { protocol } of PROTOCOLS) {
    await signInAccount(page, { protocol, username: name, password: `${name}-parley`, ...(protocol === 'azstack' ? demoAzstackApp(serverData) : {}) });
  }
  await expect(page.getByTestId('account-item')).toHaveCount(PROTOCOLS.length);
  return page;
}

test('one Parley with an account on each protocol: one list, every row marked, each message answered from its own account', async () => {
  test.setTimeout(60_000);
  const [a, b] = await Promise.all([parleyFor('alice'), parleyFor('bob')]);

  // Bob writes to Alice on each protocol.
  for (const { protocol, find } of PROTOCOLS) {
    await openDirect(b, protocol, 'alice', find ? await find() : 'alice');
    await send(b, `Bob on ${protocol}`);
    await expectSentOnce(b, `Bob on ${protocol}`);
  }

  // Alice's one list has them all, each row marked with the account it came to.
  for (const { protocol, label } of PROTOCOLS) {
    const row = rowsOf(a, protocol).filter({ hasText: `Bob on ${protocol}` });
    await expect(row).toHaveCount(1);
    await expect(row.getByTestId('conversation-account')).toHaveText(`alice · ${label}`);
  }
  await a.screenshot({ path: 'test-results/screens/four-protocols.png' });

  // She answers each from its own account; Bob gets each answer on the protocol he wrote on.
  for (const { protocol } of PROTOCOLS) {
    await rowsOf(a, protocol).filter({ hasText: `Bob on ${protocol}` }).click();
    await expect(a.getByTestId('message').filter({ hasText: `Bob on ${protocol}` })).toHaveCount(1);
    await expect(a.getByTestId('message').filter({ hasText: `Bob on ${protocol}` })).toHaveAttribute('data-own', 'false');
    // Netalo: a first message from someone Alice never talked to is a request.
    if (await a.getByTestId('request-accept').isVisible()) await a.getByTestId('request-accept').click();
    await send(a, `Alice answers on ${protocol}`);
    await expectSentOnce(a, `Alice answers on ${protocol}`);
  }
  for (const { protocol } of PROTOCOLS) {
    await expect(rowsOf(b, protocol).filter({ hasText: `Alice answers on ${protocol}` })).toHaveCount(1);
  }

  // Mingdao keeps no history on the server: Alice's conversation says where the rest is.
  // Bob nudges her there while she has it open: a line for both, and her view shakes once.
  await rowsOf(a, 'mingdao').filter({ hasText: 'Alice answers on mingdao' }).click();
  await expect(a.getByTestId('history-elsewhere')).toHaveText('Older messages are on Mingdao’s web app.');
  // Watches for the shake from now on (it lasts half a second: polling could miss it).
  await a.evaluate(() => {
    const w = window as unknown as { shook: Promise<void> };
    w.shook = new Promise<void>((resolve) => {
      const seen = () => document.querySelector('[data-testid="conversation-view"][data-shaking="true"]') !== null;
      const watch = new MutationObserver(() => seen() && (watch.disconnect(), resolve()));
      watch.observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-shaking'] });
    });
  });
  await rowsOf(b, 'mingdao').filter({ hasText: 'Alice answers on mingdao' }).click();
  await b.getByTestId('conversation-menu-button').click();
  await b.getByTestId('menu-nudge').click();
  await expect(b.getByTestId('nudge-line')).toHaveText(/^You nudged /);
  await expect(a.getByTestId('nudge-line')).toHaveText(/ nudged you$/);
  await a.evaluate(() => (window as unknown as { shook: Promise<void> }).shook);
  await expect(rowsOf(a, 'mingdao').filter({ hasText: /nudged you/ })).toHaveCount(1);
});
