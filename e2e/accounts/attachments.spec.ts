// A photo that another talker client sent (a data URI, as talker carries media) reaches
// Parley as an attachment: main keeps the bytes and the host serves them; the message row
// carries only a URL, and the image loads from it.
import { expect, test } from '@playwright/test';
import { openParley } from '../support/browser';
import { rowsOf, signInAccount } from '../support/parley';
import { plainSocket } from '../support/plain-sockets';
import { freePort, startServer, startWebHost, tempDir } from '../support/processes';

// A 40×30 blue PNG.
const PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAACgAAAAeCAIAAADRv8uKAAAAK0lEQVR4nO3NMQ0AAAgDsDlCGsIxgQw4mvRvqudExGKxWCwWi8VisVj8N15sejKakmPRFAAAAABJRU5ErkJggg==';

test('a photo sent over talker shows as an image served by the host, not stored in the cache', async () => {
  const server = await startServer({ dataDir: tempDir('server'), port: await freePort(), talkerPort: await freePort() });
  const host = await startWebHost({ dataDir: tempDir('host'), port: await freePort(), serverUrl: server.url, talkerUrl: server.talkerUrl! });
  const context = await openParley(tempDir('profile'), new URL(host.url).origin);
  const carol = plainSocket(server.talkerUrl!, { query: { c: `carol-${Date.now()}` }, auth: { login: 'carol', hash: 'carol-parley' } });
  const carolSignedIn = new Promise<{ id: number }>((resolve) => carol.once('login', resolve));
  try {
    const page = await context.newPage();
    await page.goto(host.url);
    await signInAccount(page, { protocol: 'talker', username: 'alice', password: 'alice-parley' });

    const me = await carolSignedIn;
    const aliceId = Number(await page.getByTestId('account-item').getAttribute('data-account-id').then((id) => id!.split('|').at(-1)));
    carol.emit('messeage', { user_id: me.id, to_id: aliceId, content: PNG, content_type: 'photo' });

    // A peer Parley had never seen arrives named (talker has no user lookup by id: /contacts names them),
    // and an attachment-only message previews as its file's name.
    await expect(rowsOf(page, 'talker').getByTestId('conversation-title')).toHaveText('carol');
    await expect(rowsOf(page, 'talker').getByTestId('conversation-preview')).toHaveText(/photo-\d+\.png/);
    await rowsOf(page, 'talker').first().click();
    const image = page.getByTestId('attachment').locator('img');
    await expect(image).toBeVisible();
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(40);
    expect(await image.getAttribute('src')).toMatch(/^\/attachments\/[0-9a-f]{32}$/);
    await page.screenshot({ path: 'test-results/screens/talker-photo.png' });

    // The cached row holds the reference, never the bytes.
    const cached = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          const open = indexedDB.open('parley');
          open.onsuccess = () => {
            const req = open.result.transaction('threadMessages').objectStore('threadMessages').getAll();
            req.onsuccess = () => resolve(JSON.stringify(req.result));
          };
        }),
    );
    expect(cached).toContain('/attachments/');
    expect(cached).not.toContain('iVBORw0KGgo');
  } finally {
    carol.close();
    await context.close();
    await host.stop();
    await server.stop();
  }
});
