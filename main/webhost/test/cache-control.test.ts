// How long a browser may keep each of the renderer's files: a build's hashed assets for
// ever (a new build makes new names), index.html never, fixed names revalidated.
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDirsForFile } from '../../core/test/temp-dirs';
import { cacheControl } from '../static-handler';
import type { WebHost } from '../web-host';
import { startTestHost } from './test-host';

const tempDir = tempDirsForFile();
const IMMUTABLE = 'private, max-age=31536000, immutable';

describe('cacheControl', () => {
  it.each([
    ['/assets/ChatScreen-DxWEq8TE.js', IMMUTABLE],
    ['/assets/noto-color-emoji-7-400-normal--YSOl6BV.woff2', IMMUTABLE],
    ['/assets/index-DhOFJe-z.css', IMMUTABLE],
    // No hash in the name, a source map, files outside assets/: revalidated every time.
    ['/assets/app.js', 'no-cache'],
    ['/assets/ChatScreen-DxWEq8TE.js.map', 'no-cache'],
    ['/sounds/ringtone.wav', 'no-cache'],
    ['/favicon.svg', 'no-cache'],
    ['/sounds/ring-AbCdEfGh.ogg', 'no-cache'],
  ])('%s: %s', (path, expected) => {
    expect(cacheControl(path, false)).toBe(expected);
  });

  it('never lets index.html be kept: it names the current build', () => {
    expect(cacheControl('/', true)).toBe('no-store');
    expect(cacheControl('/index.html', true)).toBe('no-store');
  });
});

describe('the browser host', () => {
  let host: WebHost;
  let stop: (() => Promise<void>) | undefined;
  const base = tempDir('webhost-cache');
  const rendererDir = join(base, 'renderer');

  beforeAll(async () => {
    mkdirSync(join(rendererDir, 'assets'), { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Parley</title>');
    writeFileSync(join(rendererDir, 'assets', 'start-CBXq5pGy.js'), 'export {};');
    writeFileSync(join(rendererDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    ({ host, stop } = await startTestHost(base, rendererDir));
  });

  afterAll(() => stop?.());

  const cacheControlOf = (path: string) =>
    new Promise<string | undefined>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: Number(new URL(host.origin).port), path }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.headers['cache-control']));
      });
      req.on('error', reject);
      req.end();
    });

  it('sends each file with its policy', async () => {
    expect(await cacheControlOf('/assets/start-CBXq5pGy.js')).toBe(IMMUTABLE);
    expect(await cacheControlOf('/')).toBe('no-store');
    expect(await cacheControlOf('/favicon.svg')).toBe('no-cache');
  });
});
