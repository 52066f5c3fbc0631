// The appearance script runs inline in index.html, before any of the app's files, under the
// host's Content-Security-Policy (which allows it by its hash, contract/appearance-boot.ts):
// a window whose last run chose dark and large text shows them from its first frame.
import { expect, test } from '@playwright/test';
import { openParley } from '../support/browser';
import { freePort, startServer, startWebHost, tempDir } from '../support/processes';

test('the last run\'s theme and text size are on the shell before any app file has loaded, and the policy lets the inline script run', async () => {
  const server = await startServer({ dataDir: tempDir('boot-server') });
  const host = await startWebHost({ dataDir: tempDir('boot-host'), port: await freePort(), serverUrl: server.url });
  const context = await openParley(tempDir('boot-profile'), new URL(host.url).origin);
  try {
    const page = await context.newPage();
    await page.goto(host.url);
    // The app has applied main's settings, and mirrored them into localStorage, once the page
    // shows a text size (appearance.ts). Written before that, the choice below would be
    // overwritten by the app's own mirror of main's (light) settings.
    await expect(page.locator('html')).toHaveAttribute('data-text-size', 'default');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    // What appearance.ts mirrors when the user chooses dark and large text in settings.
    await page.evaluate(() => localStorage.setItem('parley.appearance', JSON.stringify({ theme: 'dark', textSize: 'large' })));
    // Every policy violation of the next load, recorded before any of its scripts runs.
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __violations: string[] }).__violations = seen;
      document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`));
    });
    // None of the app's own files arrive: only the inline script can set the theme.
    const blocked: string[] = [];
    await page.route('**/assets/*.js', (route) => {
      blocked.push(route.request().url());
      return route.abort();
    });
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    expect(await page.evaluate(() => document.documentElement.style.zoom)).toBe('1.15');
    expect(blocked.length).toBeGreaterThan(0);
    expect(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)).toEqual([]);
    await page.screenshot({ path: test.info().outputPath('dark-shell-before-scripts.png') });
  } finally {
    await context.close();
    await host.stop();
    await server.stop();
  }
});
