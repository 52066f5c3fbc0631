// The browser host's access key as a new user meets it: the bare address, a host started
// again under an open tab, a new link pasted into the same tab. Each case shows a screen that
// says what to do, and its path works: the app opens and the key leaves the address bar.
import { expect, test, type Page } from '@playwright/test';
import { openParley } from '../support/browser';
import { freePort, startServer, startWebHost, tempDir } from '../support/processes';

const keyOf = (url: string) => new URL(url).hash;

async function expectAppWithoutKeyInAddressBar(page: Page) {
  await expect(page.getByTestId('signin-form').or(page.getByTestId('chat-screen')).first()).toBeVisible();
  await expect(page.locator('[data-testid^="access-key-"]')).toHaveCount(0);
  expect(new URL(page.url()).hash).toBe('');
}

test('bare address, restarted host and a pasted link each get a screen that says what to do, and a working path', async () => {
  const server = await startServer({ dataDir: tempDir('access-server') });
  const port = await freePort();
  const hostDir = tempDir('access-host');
  let host = await startWebHost({ dataDir: hostDir, port, serverUrl: server.url });
  const origin = new URL(host.url).origin;
  const context = await openParley(tempDir('access-profile'), origin);
  try {
    // 1. The bare address (a bookmark, a new tab): no sign-in form that can only fail.
    const page = await context.newPage();
    await page.goto(`${origin}/`);
    const missing = page.getByTestId('access-key-missing');
    await expect(missing.getByRole('heading', { level: 1 })).toHaveText('Open Parley with its link');
    await expect(missing).toContainText('npm start again');
    await expect(page.getByTestId('signin-form')).toBeHidden();
    await page.screenshot({ path: test.info().outputPath('access-missing.png') });

    // A link that is not Parley's is refused in words, not followed.
    const input = page.getByRole('textbox', { name: 'Parley’s link' });
    await input.fill('https://example.com/#k=whatever');
    await page.getByRole('button', { name: 'Open' }).click();
    await expect(page.getByRole('alert')).toContainText('That is not a Parley link');
    await page.screenshot({ path: test.info().outputPath('access-invalid-link.png') });

    // 2. The link pasted into this same tab's address bar (only the fragment changes: no reload by itself).
    await page.goto(host.url);
    await expectAppWithoutKeyInAddressBar(page);
    // A reload keeps working (the key stays with the tab, not in the address bar).
    await page.reload();
    await expectAppWithoutKeyInAddressBar(page);

    // 3. The host is started again: a new key. The open tab's old key is refused.
    const oldKey = keyOf(host.url);
    await host.stop();
    host = await startWebHost({ dataDir: hostDir, port, serverUrl: server.url });
    expect(keyOf(host.url)).not.toBe(oldKey);
    await page.reload();
    const stale = page.getByTestId('access-key-stale');
    await expect(stale.getByRole('heading', { level: 1 })).toHaveText('Parley was restarted');
    await page.screenshot({ path: test.info().outputPath('access-stale.png') });

    // The new link, pasted into the screen's box: the app opens with it.
    await page.getByRole('textbox', { name: 'Parley’s link' }).fill(host.url);
    await page.getByRole('button', { name: 'Open' }).click();
    await expectAppWithoutKeyInAddressBar(page);
    await page.screenshot({ path: test.info().outputPath('access-reopened.png') });

    // 4. Yet another restart, and this time the new link goes into the address bar of the same tab.
    await host.stop();
    host = await startWebHost({ dataDir: hostDir, port, serverUrl: server.url });
    await page.reload();
    await expect(page.getByTestId('access-key-stale')).toBeVisible();
    await page.goto(host.url);
    await expectAppWithoutKeyInAddressBar(page);
  } finally {
    await context.close();
    await host.stop();
    await server.stop();
  }
});
