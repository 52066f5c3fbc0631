// The browser host sends the renderer's files compressed (Brotli, else gzip) from the
// copies the build writes beside them, per Accept-Encoding, and attachments never.
import { mkdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompressDir } from '../../../scripts/precompress.mjs';
import type { ParleyCore } from '../../core/core';
import { tempDirsForFile } from '../../core/test/temp-dirs';
import { acceptedEncodings } from '../compression';
import type { WebHost } from '../web-host';
import { startTestHost } from './test-host';

const tempDir = tempDirsForFile();
const base = tempDir('webhost-compression');
const rendererDir = join(base, 'renderer');
mkdirSync(join(rendererDir, 'assets'), { recursive: true });

// Like a build: text that compresses well, built the way scripts/build.mjs does it.
const INDEX = `<!doctype html><title>Parley</title>${'<!-- padding so the page compresses -->'.repeat(40)}`;
const APP_JS = Array.from({ length: 400 }, (_, i) => `export function f${i}(x) { return x * ${i} + "parley"; }`).join('\n');
const APP_CSS = Array.from({ length: 200 }, (_, i) => `.c${i} { color: #${(i * 4111).toString(16).padStart(6, '0').slice(0, 6)}; }`).join('\n');
writeFileSync(join(rendererDir, 'index.html'), INDEX);
writeFileSync(join(rendererDir, 'assets', 'app.js'), APP_JS);
writeFileSync(join(rendererDir, 'assets', 'app.css'), APP_CSS);
const PNG = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82]);
writeFileSync(join(rendererDir, 'assets', 'logo.png'), PNG);
// Named as the build names its files (content hash): kept in memory once served.
writeFileSync(join(rendererDir, 'assets', 'chat-Ab3_x-9Z.js'), APP_JS);
writeFileSync(join(rendererDir, 'assets', 'plain.js'), APP_JS);
writeFileSync(join(base, 'outside.txt'), 'OUTSIDE-THE-RENDERER');

let host: WebHost;
let core: ParleyCore;
let stop: (() => Promise<void>) | undefined;

beforeAll(async () => {
  await precompressDir(rendererDir);
  // Written after the build's compression step: no precompressed copy.
  writeFileSync(join(rendererDir, 'assets', 'late.js'), APP_JS);
  // A precompressed copy older than its file (left from another build): never sent.
  writeFileSync(join(rendererDir, 'assets', 'stale.js'), APP_JS);
  writeFileSync(join(rendererDir, 'assets', 'stale.js.br'), 'not the file');
  const old = new Date(Date.now() - 3_600_000);
  utimesSync(join(rendererDir, 'assets', 'stale.js.br'), old, old);
  // A "precompressed copy" that is a symlink out of the renderer directory: never followed.
  writeFileSync(join(rendererDir, 'assets', 'linked.js'), APP_JS);
  symlinkSync(join(base, 'outside.txt'), join(rendererDir, 'assets', 'linked.js.gz'));

  ({ core, host, stop } = await startTestHost(base, rendererDir));
});

afterAll(() => stop?.());

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** Raw bytes as sent: Node's client never decompresses. */
function get(path: string, acceptEncoding?: string, method = 'GET'): Promise<Answer> {
  const { port } = new URL(host.origin);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: Number(port), path, method, headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const CHROMIUM = 'gzip, deflate, br, zstd';

function expectSecurityHeaders(res: Answer) {
  expect(res.headers['content-security-policy']).toContain("script-src 'self'");
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['referrer-policy']).toBe('no-referrer');
  expect(res.headers['cross-origin-resource-policy']).toBe('same-origin');
}

describe('Accept-Encoding', () => {
  it.each<[string | undefined, string[]]>([
    [undefined, []],
    ['', []],
    ['identity', []],
    ['deflate', []],
    [CHROMIUM, ['br', 'gzip']],
    ['gzip, deflate', ['gzip']],
    ['br', ['br']],
    ['BR, GZIP', ['br', 'gzip']],
    ['x-gzip', ['gzip']],
    ['gzip;q=1, br;q=0.5', ['gzip', 'br']],
    ['br;q=0, gzip', ['gzip']],
    ['gzip;q=0', []],
    ['*', ['br', 'gzip']],
    ['*;q=0', []],
    ['br;q=0, *', ['gzip']],
    ['gzip;q=2', []],
    ['gzip;q=abc', []],
    [' gzip ; q=0.8 , br ; q=0.8 ', ['br', 'gzip']],
  ])('%j accepts %j', (header, expected) => {
    expect(acceptedEncodings(header)).toEqual(expected);
  });
});

describe('web host compression', () => {
  it('sends Brotli when the browser accepts it, with the original type and the security headers', async () => {
    const res = await get('/assets/app.js', CHROMIUM);
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['vary']).toMatch(/accept-encoding/i);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(Number(res.headers['content-length'])).toBe(res.body.length);
    expect(res.body.length).toBeLessThan(APP_JS.length / 4);
    expect(brotliDecompressSync(res.body).toString()).toBe(APP_JS);
    expectSecurityHeaders(res);
  });

  it('sends gzip when only gzip is accepted', async () => {
    for (const header of ['gzip', 'gzip, deflate', 'br;q=0, gzip;q=0.5']) {
      const res = await get('/assets/app.css', header);
      expect(res.headers['content-encoding'], header).toBe('gzip');
      expect(res.headers['vary']).toMatch(/accept-encoding/i);
      expect(res.headers['content-type']).toBe('text/css; charset=utf-8');
      expect(Number(res.headers['content-length'])).toBe(res.body.length);
      expect(gunzipSync(res.body).toString()).toBe(APP_CSS);
    }
  });

  it('sends the file as it is when nothing it has is accepted, still with Vary', async () => {
    for (const header of [undefined, 'identity', 'deflate', 'br;q=0, gzip;q=0']) {
      const res = await get('/assets/app.js', header);
      expect(res.status).toBe(200);
      expect(res.headers['content-encoding'], String(header)).toBeUndefined();
      expect(res.headers['vary']).toMatch(/accept-encoding/i);
      expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(APP_JS));
      expect(res.body.toString()).toBe(APP_JS);
    }
  });

  it('compresses index.html, which stays uncached', async () => {
    const res = await get('/', CHROMIUM);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(brotliDecompressSync(res.body).toString()).toBe(INDEX);
    expectSecurityHeaders(res);
  });

  it('answers HEAD with the headers GET would send, and no body', async () => {
    for (const header of [CHROMIUM, 'gzip', undefined]) {
      const got = await get('/assets/app.js', header);
      const head = await get('/assets/app.js', header, 'HEAD');
      expect(head.status).toBe(200);
      expect(head.body.length).toBe(0);
      for (const name of ['content-type', 'content-encoding', 'content-length', 'vary', 'cache-control', 'content-security-policy']) {
        expect(head.headers[name], `${name} for ${String(header)}`).toEqual(got.headers[name]);
      }
    }
  });

  it('sends the file itself when the build left no precompressed copy of it', async () => {
    const late = await get('/assets/late.js', CHROMIUM);
    expect(late.headers['content-encoding']).toBeUndefined();
    expect(late.body.toString()).toBe(APP_JS);
    // Already compressed formats get no copies at all.
    const png = await get('/assets/logo.png', CHROMIUM);
    expect(png.headers['content-encoding']).toBeUndefined();
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.body.equals(PNG)).toBe(true);
  });

  it('never sends a copy older than its file, nor one that is a symlink', async () => {
    const stale = await get('/assets/stale.js', 'br');
    expect(stale.headers['content-encoding']).toBeUndefined();
    expect(stale.body.toString()).toBe(APP_JS);
    const linked = await get('/assets/linked.js', 'gzip');
    expect(linked.headers['content-encoding']).toBeUndefined();
    expect(linked.body.toString()).toBe(APP_JS);
    expect(linked.body.toString()).not.toContain('OUTSIDE-THE-RENDERER');
  });

  it('writes a copy only where it is smaller, and none for source maps', async () => {
    const dir = join(tempDir('precompress'), 'r');
    mkdirSync(dir);
    writeFileSync(join(dir, 'tiny.js'), 'x');
    writeFileSync(join(dir, 'big.js'), APP_JS);
    writeFileSync(join(dir, 'big.js.map'), APP_JS);
    const rows = await precompressDir(dir);
    const byName = Object.fromEntries(rows.map((r) => [r.path.slice(dir.length + 1), r]));
    expect(Object.keys(byName).sort()).toEqual(['big.js', 'tiny.js']);
    expect(byName['tiny.js']).toMatchObject({ br: null, gz: null });
    expect(byName['big.js']!.br).toBeLessThan(byName['big.js']!.gz!);
    expect(brotliDecompressSync(readFileSync(join(dir, 'big.js.br'))).toString()).toBe(APP_JS);
    expect(gunzipSync(readFileSync(join(dir, 'big.js.gz'))).toString()).toBe(APP_JS);
  });
});

describe('the build’s hashed assets are kept in memory once served', () => {
  it('answers a hashed asset read once without the disk, per accepted encoding, with the same headers; other files are read each time', async () => {
    const path = '/assets/chat-Ab3_x-9Z.js';
    const first = await get(path, CHROMIUM);
    expect(first.status).toBe(200);
    expect(first.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(first.body).toString()).toBe(APP_JS);
    const identity = await get(path);
    expect(identity.body.toString()).toBe(APP_JS);
    expect((await get('/assets/plain.js', CHROMIUM)).status).toBe(200);

    // The build directory replaced under the running host: its files gone from disk.
    for (const suffix of ['', '.br', '.gz']) rmSync(join(rendererDir, 'assets', `chat-Ab3_x-9Z.js${suffix}`));
    rmSync(join(rendererDir, 'assets', 'plain.js'));
    rmSync(join(rendererDir, 'assets', 'plain.js.br'), { force: true });
    rmSync(join(rendererDir, 'assets', 'plain.js.gz'), { force: true });

    const again = await get(path, CHROMIUM);
    expect(again.status).toBe(200);
    expect(again.body.equals(first.body)).toBe(true);
    for (const header of ['content-type', 'content-encoding', 'content-length', 'cache-control', 'vary', 'content-security-policy', 'x-content-type-options']) {
      expect(again.headers[header], header).toBe(first.headers[header]);
    }
    expectSecurityHeaders(again);
    const head = await get(path, CHROMIUM, 'HEAD');
    expect(head.headers['content-length']).toBe(first.headers['content-length']);
    expect(head.body.byteLength).toBe(0);
    expect((await get(path)).body.toString()).toBe(APP_JS);
    // Each variant is its own entry: gzip was never asked for, so it is read from disk, and gone.
    expect((await get(path, 'gzip')).status).toBe(404);
    // A file without a content hash in its name is read fresh each time.
    expect((await get('/assets/plain.js', CHROMIUM)).status).toBe(404);
  });
});

describe('web host attachments are never compressed', () => {
  it('sends an attachment byte for byte whatever the request accepts', async () => {
    const text = 'plain text that would compress well. '.repeat(200);
    const bytes = new TextEncoder().encode(text);
    const stored = await core.attachments.put({ id: 'a1', kind: 'file', name: 'notes.txt', mimeType: 'text/plain', bytes });
    for (const header of [CHROMIUM, 'gzip', 'br', '*', undefined]) {
      for (const method of ['GET', 'HEAD']) {
        const res = await get(stored.url!, header, method);
        expect(res.status).toBe(200);
        expect(res.headers['content-encoding'], `${method} ${String(header)}`).toBeUndefined();
        expect(Number(res.headers['content-length'])).toBe(bytes.byteLength);
        expect(res.headers['cache-control']).toBe('private, max-age=31536000, immutable');
        if (method === 'GET') expect(res.body.equals(Buffer.from(bytes))).toBe(true);
      }
    }
  });

  it('sends an image attachment as stored, with its own sandboxing policy', async () => {
    const stored = await core.attachments.put({ id: 'a2', kind: 'image', name: 'cat.png', mimeType: 'image/png', bytes: new Uint8Array(PNG) });
    const res = await get(stored.url!, CHROMIUM);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    expect(res.body.equals(PNG)).toBe(true);
  });
});
