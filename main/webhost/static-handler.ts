// Serves the built renderer over HTTP: GET and HEAD only, files under rendererDir only,
// every answer carrying the same security headers; the renderer's files Brotli- or
// gzip-compressed when the build left a precompressed copy and the browser accepts it
// (compression.ts). Plus the one-time launch link that `--open` gives to Chromium (see
// launch-tickets.ts).

import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream';
import { ATTACHMENT_URL_PREFIX, attachmentHeaders, type AttachmentStore } from '../core/attachments';
import { lookupStaticFile } from '../core/static-files';
import type { Logger } from '../core/logger';
import { AssetMemory, type KeptAsset } from './asset-memory';
import { acceptedEncodings, openVariant, type ContentEncoding } from './compression';
import type { LaunchTickets } from './launch-tickets';
import { hostHeaderMatches, parseRequestTarget } from './security';

export interface StaticHandlerOptions {
  rendererDir: string;
  /** Filled in once the server listens and its port is known. */
  site: () => { host: string; csp: string } | null;
  tickets: LaunchTickets;
  log: Logger;
  /** Files that came with messages: served at /attachments/<random name>. */
  attachments?: AttachmentStore;
}

export const LAUNCH_PATH = '/launch';

export function createStaticHandler(opts: StaticHandlerOptions) {
  // The build's hashed assets, once read (asset-memory.ts).
  const memory = new AssetMemory();
  return (req: IncomingMessage, res: ServerResponse): void => {
    handle(opts, memory, req, res).catch((e: unknown) => {
      opts.log.error('static request failed', { error: e instanceof Error ? e.stack : String(e) });
      if (!res.headersSent) reply(res, 500, 'Internal error', opts.site()?.csp);
      else res.destroy();
    });
  };
}

async function handle(opts: StaticHandlerOptions, memory: AssetMemory, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const site = opts.site();
  if (!site) return reply(res, 503, 'Starting', undefined);
  if (!hostHeaderMatches(req.headers.host, site.host)) return reply(res, 421, 'Misdirected request', site.csp);
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return reply(res, 405, 'Method not allowed', site.csp);
  }
  const url = parseRequestTarget(req.url, `http://${site.host}`);
  if (!url) return reply(res, 400, 'Bad request', site.csp);

  if (url.pathname === LAUNCH_PATH) {
    const secret = opts.tickets.redeem(url.searchParams.get('ticket'));
    if (!secret) return reply(res, 403, 'This launch link has expired. Use the address the host printed.', site.csp);
    res.setHeader('Location', `/#k=${secret}`);
    return reply(res, 303, 'See other', site.csp);
  }

  // Attachments go out byte for byte, whatever the request accepts: never compressed.
  if (url.pathname.startsWith(ATTACHMENT_URL_PREFIX)) {
    const file = opts.attachments ? await opts.attachments.open(url.pathname.slice(ATTACHMENT_URL_PREFIX.length)) : null;
    if (!file) return reply(res, 404, 'Not found', site.csp);
    res.writeHead(200, attachmentHeaders(file, { download: url.searchParams.get('download') === '1' }));
    if (req.method === 'HEAD') return void res.end();
    const stream = createReadStream(file.path);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
    return;
  }

  const accepted = acceptedEncodings(req.headers['accept-encoding']);
  // A hashed asset already read is answered from memory, with no disk work (asset-memory.ts).
  const memoryKey = HASHED_ASSET.test(url.pathname) ? AssetMemory.key(url.pathname, accepted) : null;
  const kept = memoryKey ? memory.get(memoryKey) : undefined;
  if (kept) {
    startAnswer(res, site.csp, url.pathname, false, kept.contentType, kept.encoding, kept.body.byteLength);
    res.end(req.method === 'HEAD' ? undefined : kept.body);
    return;
  }

  // Percent-encoding is decoded inside lookupStaticFile, after URL parsing removed plain dot segments.
  const found = await lookupStaticFile(opts.rendererDir, url.pathname);
  if (!found.ok) return reply(res, found.status, statusText(found.status), site.csp);

  const file = await openVariant(found.path, accepted).catch((e: unknown) => {
    // Gone since the lookup (a rebuild emptied the directory): as if it had never been there.
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  });
  if (!file) return reply(res, 404, statusText(404), site.csp);
  if (memoryKey) {
    // Read whole (small: a script, a style sheet, a font), kept, then answered like a kept one.
    let body: Buffer;
    try {
      body = (await file.handle.readFile()).subarray(0, file.size);
    } finally {
      await file.handle.close();
    }
    const asset: KeptAsset = { body, contentType: found.contentType, encoding: file.encoding };
    // A file cut short since it was opened (a rebuild replacing it) is sent as read, never kept.
    if (body.byteLength === file.size) memory.keep(memoryKey, asset);
    startAnswer(res, site.csp, url.pathname, found.isIndex, asset.contentType, asset.encoding, body.byteLength);
    res.end(req.method === 'HEAD' ? undefined : body);
    return;
  }
  startAnswer(res, site.csp, url.pathname, found.isIndex, found.contentType, file.encoding, file.size);
  if (req.method === 'HEAD' || file.size === 0) {
    await file.handle.close();
    res.end();
    return;
  }
  // Exactly the bytes Content-Length announced, even if the file grew since.
  const stream = file.handle.createReadStream({ start: 0, end: file.size - 1 });
  pipeline(stream, res, (e) => {
    // A browser that went away mid-file is not worth a warning; a read error is.
    if (e && (e as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') {
      opts.log.warn('could not read a renderer file', { error: e.message });
    }
  });
}

/**
 * A build's scripts, styles and fonts under /assets/ carry their content's hash in their name
 * (`ChatScreen-DxWEq8TE.js`): a new build makes new names, so a copy is good for ever, and a
 * returning tab starts from its disk cache instead of downloading ~150 KB again (bench B1,
 * cached profile). index.html names this build's files: always fetched fresh. Anything else
 * (favicon, sounds: fixed names) is revalidated.
 */
const HASHED_ASSET = /^\/assets\/[^/]+-[A-Za-z0-9_-]{8}\.[a-z0-9]+$/;

export function cacheControl(pathname: string, isIndex: boolean): string {
  if (isIndex) return 'no-store';
  return HASHED_ASSET.test(pathname) ? 'private, max-age=31536000, immutable' : 'no-cache';
}

/** A renderer file's status and headers: the same whether it comes from disk or memory. */
function startAnswer(res: ServerResponse, csp: string, pathname: string, isIndex: boolean, contentType: string, encoding: ContentEncoding | null, size: number): void {
  setSecurityHeaders(res, csp);
  res.statusCode = 200;
  res.setHeader('Content-Type', contentType);
  res.setHeader('Cache-Control', cacheControl(pathname, isIndex));
  // The same URL answers differently per Accept-Encoding: caches must key on it.
  res.setHeader('Vary', 'Accept-Encoding');
  if (encoding) res.setHeader('Content-Encoding', encoding);
  res.setHeader('Content-Length', String(size));
}

export function setSecurityHeaders(res: ServerResponse, csp: string | undefined): void {
  if (csp) res.setHeader('Content-Security-Policy', csp);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

export function reply(res: ServerResponse, status: number, text: string, csp: string | undefined): void {
  setSecurityHeaders(res, csp);
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(text + '\n');
}

function statusText(status: 400 | 403 | 404): string {
  return { 400: 'Bad request', 403: 'Forbidden', 404: 'Not found' }[status];
}
