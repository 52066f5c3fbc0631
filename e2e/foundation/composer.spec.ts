// The composer as a user types: Enter sends, Shift+Enter starts a new line, and a text too
// long for the server is kept in the box with a clear note instead of being cut or lost.
import { expect, test } from '@playwright/test';
import { openParley } from '../support/browser';
import { freePort, startServer, startWebHost, tempDir } from '../support/processes';

test('Enter sends, Shift+Enter is a new line, an over-long text is kept and explained', async () => {
  const server = await startServer({ dataDir: tempDir('server'), port: await freePort() });
  const host = await startWebHost({ dataDir: tempDir('host'), port: await freePort(), serverUrl: server.url });
  const context = await openParley(tempDir('profile'), new URL(host.url).origin);
  try {
    const page = await context.newPage();
    await page.goto(host.url);
    await page.getByTestId('signin-username').fill('carol');
    await page.getByTestId('signin-password').fill('carol-parley');
    await page.getByTestId('signin-submit').click();
    await page.getByTestId('new-conversation').click();
    await page.getByTestId('user-search-input').fill('alice');
    await page.getByTestId('user-search-result').first().click();

    const input = page.getByTestId('composer-input');
    await input.fill('first line');
    await input.press('Shift+Enter');
    await input.pressSequentially('second line');
    await expect(input).toHaveValue('first line\nsecond line');
    await expect(page.getByTestId('message')).toHaveCount(0);
    await input.press('Enter');
    const sent = page.getByTestId('message').first();
    await expect(sent.getByTestId('message-text')).toHaveText('first line\nsecond line');
    await expect(sent).toHaveAttribute('data-status', 'sent');
    await expect(input).toHaveValue('');

    const tooLong = 'x'.repeat(10_005);
    await input.fill(tooLong);
    await expect(page.getByTestId('composer-too-long')).toContainText('5 characters too long');
    await expect(page.getByTestId('composer-send')).toBeDisabled();
    await input.press('Enter');
    await expect(input).toHaveValue(tooLong);
    await expect(page.getByTestId('message')).toHaveCount(1);
    await page.screenshot({ path: 'test-results/screens/composer-too-long.png' });
  } finally {
    await context.close();
    await host.stop();
    await server.stop();
  }
});
