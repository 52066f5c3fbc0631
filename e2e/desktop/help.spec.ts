// Settings > Help in the browser host: "Copy debug info" puts the version, system, runtimes,
// protocols and the account count on the clipboard, and nothing that names the user; there is
// no "Open logs folder" (a browser tab cannot open one: the text says where the logs are).
import { expect, test } from '@playwright/test';
import { openParley } from '../support/browser';
import { signInAccount } from '../support/parley';
import { freePort, startServer, startWebHost, tempDir } from '../support/processes';

test('Copy debug info copies versions and counts, no names; the browser host has no logs-folder button', async () => {
  const server = await startServer({ dataDir: tempDir('help-server') });
  const host = await startWebHost({ dataDir: tempDir('help-host'), port: await freePort(), serverUrl: server.url });
  const origin = new URL(host.url).origin;
  const context = await openParley(tempDir('help-profile'), origin);
  try {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    const page = await context.newPage();
    await page.goto(host.url);
    await signInAccount(page, { protocol: 'netalo', username: 'alice', password: 'alice-parley' });
    await page.getByTestId('settings-button').click();
    const help = page.getByTestId('settings-section-help');
    await expect(help.getByRole('heading', { name: 'Help' })).toBeVisible();
    await expect(help.getByTestId('open-logs-folder')).toHaveCount(0);
    await help.getByTestId('copy-debug-info').click();
    await expect(help.getByRole('status')).toHaveText('Debug info copied.');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toMatch(/^Parley \d+\.\d+\.\d+ \(Browser host\)\nOS: .+\nRuntime: node \S+, v8 \S+\nProtocols: (netalo|talker|mingdao|haraj|azstack)(, (netalo|talker|mingdao|haraj|azstack)){4}\nAccounts: 1 \(online 1\)\nLogs: .+logs$/);
    expect(copied).not.toMatch(/alice|127\.0\.0\.1|#k=/);
    await help.scrollIntoViewIfNeeded();
    await page.screenshot({ path: test.info().outputPath('settings-help.png') });
  } finally {
    await context.close();
    await host.stop();
    await server.stop();
  }
});
