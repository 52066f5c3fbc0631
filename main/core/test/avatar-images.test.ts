// Group pictures: main fetches them (the renderer loads no remote image), only when they are
// small real images from an allowed address, once per address, and serves them from its own
// attachment store.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AttachmentStore } from '../attachments';
import { AvatarImages, MAX_AVATAR_BYTES, mayFetchAvatar, sniffImage } from '../avatar-images';
import { createMemoryLogger } from '../logger';
import { tempDirsForFile } from './temp-dirs';

const tempDir = tempDirsForFile();
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5d6c3a50000000049454e44ae426082', 'hex');

let server: Server;
let base: string;
const hits = new Map<string, number>();

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.set(req.url!, (hits.get(req.url!) ?? 0) + 1);
    if (req.url === '/pic.png') return res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
    // Claims to be an image; is a page.
    if (req.url === '/lying.png') return res.writeHead(200, { 'content-type': 'image/png' }).end('<html><script>alert(1)</script>');
    if (req.url === '/huge.png') {
      res.writeHead(200, { 'content-type': 'image/png' }); // no Content-Length: the cap must count
      res.write(PNG);
      res.end(Buffer.alloc(MAX_AVATAR_BYTES));
      return;
    }
    if (req.url === '/moved.png') return res.writeHead(302, { location: '/pic.png' }).end();
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function images() {
  const dir = tempDir('avatars');
  const store = new AttachmentStore(dir, createMemoryLogger());
  return { dir, avatars: new AvatarImages({ store, log: createMemoryLogger() }) };
}

describe('which addresses main fetches', () => {
  it('https anywhere; http only on the chat server’s own host; nothing else', () => {
    const chat = 'http://127.0.0.1:7450';
    expect(mayFetchAvatar('https://example.com/a.png', chat)).toBe(true);
    expect(mayFetchAvatar('http://127.0.0.1:9999/a.png', chat)).toBe(true);
    expect(mayFetchAvatar('http://192.168.1.1/a.png', chat)).toBe(false);
    expect(mayFetchAvatar('http://example.com/a.png', chat)).toBe(false);
    expect(mayFetchAvatar('file:///etc/passwd', chat)).toBe(false);
    expect(mayFetchAvatar('data:image/png;base64,AAAA', chat)).toBe(false);
    expect(mayFetchAvatar('https://user:secret@example.com/a.png', chat)).toBe(false);
    expect(mayFetchAvatar('not a url', chat)).toBe(false);
  });

  it('knows images by their first bytes, not by what the server claims', () => {
    expect(sniffImage(PNG)).toBe('image/png');
    expect(sniffImage(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffImage(Buffer.from('GIF89a'))).toBe('image/gif');
    expect(sniffImage(Buffer.from('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
    expect(sniffImage(Buffer.from('<svg onload=alert(1)>'))).toBeNull();
  });
});

describe('fetching a group picture', () => {
  it('stores a real image once and answers a URL of the host’s own origin with the same bytes', async () => {
    const { dir, avatars } = images();
    const [first, second] = await Promise.all([avatars.resolve(`${base}/pic.png`, base), avatars.resolve(`${base}/pic.png`, base)]);
    expect(first).toMatch(/^\/attachments\/[0-9a-f]{32}$/);
    expect(second).toBe(first);
    expect(hits.get('/pic.png')).toBe(1);
    expect(avatars.cached(`${base}/pic.png`)).toBe(first);
    expect(await readFile(join(dir, first!.slice('/attachments/'.length)))).toEqual(PNG);
  });

  it('refuses a page posing as an image, a picture over 1 MB, a redirect and a missing file', async () => {
    const { avatars } = images();
    expect(await avatars.resolve(`${base}/lying.png`, base)).toBeNull();
    expect(await avatars.resolve(`${base}/huge.png`, base)).toBeNull();
    expect(await avatars.resolve(`${base}/moved.png`, base)).toBeNull();
    expect(await avatars.resolve(`${base}/missing.png`, base)).toBeNull();
    expect(avatars.cached(`${base}/lying.png`)).toBeUndefined();
  });

  it('does not fetch an address it may not, and does not retry a failure at once', async () => {
    const { avatars } = images();
    expect(await avatars.resolve('http://10.0.0.1/pic.png', base)).toBeNull();
    const before = hits.get('/missing2.png') ?? 0;
    await avatars.resolve(`${base}/missing2.png`, base);
    await avatars.resolve(`${base}/missing2.png`, base);
    expect(hits.get('/missing2.png')).toBe(before + 1);
  });
});
