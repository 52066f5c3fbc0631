// Files between two Parleys on Netalo, through the reference server's upload endpoint.
// Alice sends an image by the paperclip's picker and a file by dropping it on the
// conversation (and another by pasting); Bob sees the thumbnail (decoded, its space
// reserved), opens it in the viewer (Escape closes), sees the file row and downloads it
// (the browser host: a real download, the same bytes). A file over the limit is refused in
// words before anything leaves the page; a cancelled upload is never stored or sent.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { openParley } from '../support/browser';
import { ACKED, openDirect, openRow, send, signInAccount } from '../support/parley';
import { freePort, startServer, startWebHost, tempDir, type Running } from '../support/processes';
import { PASSWORDS, openConversationId, row } from '../presence/people';

// A 40×30 blue PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAACgAAAAeCAIAAADRv8uKAAAAK0lEQVR4nO3NMQ0AAAgDsDlCGsIxgQw4mvRvqudExGKxWCwWi8VisVj8N15sejKakmPRFAAAAABJRU5ErkJggg==',
  'base64',
);
const REPORT = Buffer.from('%PDF-1.4\n% Parley test file\n' + 'quarterly numbers\n'.repeat(200));
const LIMIT = 25 * 1024 * 1024;

const cleanups: Array<() => Promise<unknown>> = [];
test.afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => {});
});

async function parley(serverUrl: string, username: string): Promise<{ page: Page; context: BrowserContext; fileFrames: { count: number } }> {
  const host = await startWebHost({ dataDir: tempDir('host'), port: await freePort(), serverUrl });
  cleanups.push(() => host.stop());
  const context = await openParley(tempDir('profile'), new URL(host.url).origin);
  cleanups.push(() => context.close());
  const page = await context.newPage();
  // Before the page opens its socket to main.
  const fileFrames = countFileFrames(page);
  await page.goto(host.url);
  await signInAccount(page, { protocol: 'netalo', username, password: PASSWORDS[username]! });
  return { page, context, fileFrames };
}

function storedFiles(serverDir: string): string[] {
  const dir = join(serverDir, 'files');
  return existsSync(dir) ? readdirSync(dir).filter((f) => !f.startsWith('.')) : [];
}

/** Binary WebSocket frames the page sends: each is a file on its way to main. */
function countFileFrames(page: Page): { count: number } {
  const counter = { count: 0 };
  page.on('websocket', (ws) => ws.on('framesent', (f) => void (typeof f.payload !== 'string' && (counter.count += 1))));
  return counter;
}

const bubbleWith = (page: Page, testId: string) => page.getByTestId('message').filter({ has: page.getByTestId(testId) });

test('alice sends an image by the picker and files by drop and paste; bob sees, views and downloads them', async () => {
  const serverDir = tempDir('server');
  const server = await startServer({ dataDir: serverDir, port: await freePort() });
  cleanups.push(() => server.stop());
  const alice = await parley(server.url, 'alice');
  await openDirect(alice.page, 'netalo', 'bob');
  const { fileFrames } = alice;

  // Over the limit: refused in words, before anything is read, sent to main or uploaded.
  await alice.page.getByTestId('attach-input').setInputFiles({ name: 'huge.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(LIMIT + 1) });
  await expect(alice.page.getByTestId('attach-refused')).toContainText('"huge.bin" is 25.0 MB: files can be at most 25.0 MB.');
  // A type the server refuses: likewise.
  await alice.page.getByTestId('attach-input').setInputFiles({ name: 'page.html', mimeType: 'text/html', buffer: Buffer.from('<script>1</script>') });
  await expect(alice.page.getByTestId('attach-refused')).toContainText('files of type text/html are not accepted');
  await alice.page.screenshot({ path: 'test-results/screens/attachments-refused.png' });
  expect(fileFrames.count).toBe(0);
  expect(storedFiles(serverDir)).toEqual([]);

  // The image, by the paperclip's picker.
  await alice.page.getByTestId('attach-input').setInputFiles({ name: 'blue.png', mimeType: 'image/png', buffer: PNG });
  await expect(alice.page.getByTestId('attach-refused')).toHaveCount(0);
  const ownImage = bubbleWith(alice.page, 'attachment-image');
  await expect(ownImage).toHaveAttribute('data-status', ACKED);
  // The file, dropped onto the conversation.
  await alice.page.getByTestId('file-drop-zone').evaluate((zone, bytes) => {
    const data = new DataTransfer();
    data.items.add(new File([new Uint8Array(bytes)], 'report.pdf', { type: 'application/pdf' }));
    zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  }, [...REPORT]);
  await expect(bubbleWith(alice.page, 'attachment-download').filter({ hasText: 'report.pdf' })).toHaveAttribute('data-status', ACKED);
  // And one pasted into the composer.
  await alice.page.getByTestId('composer-input').evaluate((input) => {
    const data = new DataTransfer();
    data.items.add(new File(['pasted words'], 'pasted.txt', { type: 'text/plain' }));
    input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  await expect(bubbleWith(alice.page, 'attachment-download').filter({ hasText: 'pasted.txt' })).toHaveAttribute('data-status', ACKED);
  expect(fileFrames.count).toBe(3);
  expect(storedFiles(serverDir)).toHaveLength(3);
  const groupId = await openConversationId(alice.page);

  // Bob: the thumbnail decodes, its box reserved from the image's own size.
  const bob = await parley(server.url, 'bob');
  await openRow(bob.page, row(bob.page, groupId));
  const image = bob.page.getByTestId('attachment-image');
  await expect(image).toBeVisible();
  await expect(image).toHaveAttribute('width', '40');
  await expect(image).toHaveAttribute('height', '30');
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(40);
  // Served by Bob's own host, never straight from the server.
  expect(await image.getAttribute('src')).toMatch(/^\/attachments\/[0-9a-f]{32}$/);
  await bob.page.screenshot({ path: 'test-results/screens/attachments-thumbnail.png' });

  // The viewer: opens on click, Escape closes it.
  await bob.page.getByTestId('attachment').filter({ has: image }).click();
  const viewer = bob.page.getByTestId('image-viewer');
  await expect(viewer).toBeVisible();
  await expect.poll(() => viewer.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(40);
  await bob.page.screenshot({ path: 'test-results/screens/attachments-viewer.png' });
  await bob.page.keyboard.press('Escape');
  await expect(viewer).toHaveCount(0);

  // The file row: name, size and type; Download gives the same bytes.
  const report = bob.page.getByTestId('attachment').filter({ hasText: 'report.pdf' });
  await expect(report.getByTestId('attachment-meta')).toHaveText(`${(REPORT.length / 1024).toFixed(1)} KB · PDF`);
  await report.scrollIntoViewIfNeeded();
  await bob.page.screenshot({ path: 'test-results/screens/attachments-file-row.png' });
  const downloading = bob.page.waitForEvent('download');
  await report.getByTestId('attachment-download').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('report.pdf');
  expect(readFileSync((await download.path())!)).toEqual(REPORT);
});

test('cancel stops an upload: the message says so, and nothing is stored or sent', async () => {
  const serverDir = tempDir('server');
  const port = await freePort();
  let server: Running = await startServer({ dataDir: serverDir, port });
  cleanups.push(() => server.stop());
  const alice = await parley(server.url, 'alice');
  await openDirect(alice.page, 'netalo', 'bob');
  await send(alice.page, 'before');
  await expect(alice.page.getByTestId('message').filter({ hasText: 'before' })).toHaveAttribute('data-status', ACKED);

  // With the server away, the upload waits in main's outbox: the tray shows it, with Cancel.
  await server.stop();
  await expect(alice.page.getByTestId('composer-offline-note')).toBeVisible();
  await alice.page.getByTestId('attach-input').setInputFiles({ name: 'draft-notes.txt', mimeType: 'text/plain', buffer: Buffer.from('never sent') });
  const progress = alice.page.getByTestId('upload-progress');
  await expect(progress).toContainText('draft-notes.txt');
  await alice.page.screenshot({ path: 'test-results/screens/attachments-upload-progress.png' });
  await progress.getByTestId('upload-cancel').click();
  await expect(progress).toHaveCount(0);
  const cancelled = alice.page.getByTestId('message').filter({ hasText: 'draft-notes.txt' });
  await expect(cancelled).toHaveAttribute('data-status', 'failed');
  await expect(cancelled).toContainText('Upload cancelled.');

  // The server returns; what Alice sends next goes, the cancelled file never does.
  server = await startServer({ dataDir: serverDir, port });
  await expect(alice.page.getByTestId('composer-offline-note')).toHaveCount(0);
  await send(alice.page, 'after');
  await expect(alice.page.getByTestId('message').filter({ hasText: 'after' })).toHaveAttribute('data-status', ACKED);
  expect(storedFiles(serverDir)).toEqual([]);
  await expect(cancelled).toHaveAttribute('data-status', 'failed');
});
