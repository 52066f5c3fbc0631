// The Electron app itself: the same smoke path as the browser host (sign in, start a
// conversation, send a message), plus the window's hardening as the renderer sees it.
// Runs where Electron's binary is installed; reports itself skipped where it is not
// (machines that cannot download it, such as this project's CI).
import { _electron as electron, expect, test } from '@playwright/test';
import { electronBinary, repoRoot as root } from '../../scripts/support.mjs';
import { freePort, startServer, tempDir, type Running } from '../support/processes';
import { ACKED } from '../support/parley';

const binary = electronBinary();
test.skip(!binary, 'Electron binary not installed on this machine (it cannot be downloaded here)');

let server: Running;
test.beforeAll(async () => {
  server = await startServer({ dataDir: tempDir('server'), port: await freePort() });
});
test.afterAll(async () => {
  await server?.stop();
});

test('Electron: sign in, start a conversation, send a message; the window is locked down', async () => {
  const app = await electron.launch({
    executablePath: binary!,
    args: [root, `--user-data-dir=${tempDir('electron-profile')}`],
    env: { ...process.env, PARLEY_SERVER_URL: server.url },
  });
  try {
    const page = await app.firstWindow();
    await expect(page.getByTestId('signin-server')).toHaveValue(server.url);
    await page.getByTestId('signin-username').fill('alice');
    await page.getByTestId('signin-password').fill('alice-parley');
    await page.getByTestId('signin-submit').click();
    await expect(page.getByTestId('connection-indicator')).toHaveAttribute('data-state', 'online');

    await page.getByTestId('new-conversation').click();
    await page.getByTestId('user-search-input').fill('bob');
    await page.getByTestId('user-search-result').first().click();
    await page.getByTestId('composer-input').fill('hello from electron');
    await page.getByTestId('composer-input').press('Enter');
    await expect(page.getByTestId('message').filter({ hasText: 'hello from electron' })).toHaveAttribute('data-status', ACKED);

    // The renderer has the typed API and nothing of Node or Electron.
    const exposed = await page.evaluate(() => ({
      parley: typeof (window as unknown as { parley?: unknown }).parley,
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
    }));
    expect(exposed).toEqual({ parley: 'object', require: 'undefined', process: 'undefined' });
    // window.open is locked: no new window appears, whatever the URL.
    const opened = await page.evaluate(() => window.open('https://example.invalid/') === null);
    expect(opened).toBe(true);
    expect(app.windows()).toHaveLength(1);
  } finally {
    await app.close();
  }
});
