// Serves dist/renderer at app://parley/. Registered as privileged before `ready` (standard:
// real origin and relative URLs; secure: counts as a secure context for media and
// notifications; supportFetchAPI: the page may fetch its own assets).

import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { contentSecurityPolicy } from '../core/content-security-policy';
import { ATTACHMENT_URL_PREFIX, attachmentHeaders, type AttachmentStore } from '../core/attachments';
import type { Logger } from '../core/logger';
import { lookupStaticFile } from '../core/static-files';
import { APP_HOST, APP_SCHEME } from './app-origin';

/** Must run before app `ready`. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

export const RENDERER_CSP = contentSecurityPolicy();

/** After `ready`: answers app://parley/<path> from rendererDir and nothing else. */
export function serveRenderer(rendererDir: string, attachments: AttachmentStore, log: Logger): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return plain(404, 'Not found');
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed');
    if (url.pathname.startsWith(ATTACHMENT_URL_PREFIX)) {
      const file = await attachments.open(url.pathname.slice(ATTACHMENT_URL_PREFIX.length));
      if (!file) return plain(404, 'Not found');
      const body = request.method === 'HEAD' ? null : await readFile(file.path);
      return new Response(body, { status: 200, headers: attachmentHeaders(file) });
    }
    const found = await lookupStaticFile(rendererDir, url.pathname);
    if (!found.ok) {
      if (found.status === 403) log.warn('refused a renderer path outside the renderer', { path: url.pathname.slice(0, 200) });
      return plain(found.status, found.status === 404 ? 'Not found' : 'Refused');
    }
    const body = request.method === 'HEAD' ? null : await readFile(found.path);
    return new Response(body, { status: 200, headers: headers(found.contentType, found.isIndex) });
  });
}

function headers(contentType: string, noStore: boolean): Headers {
  return new Headers({
    'Content-Type': contentType,
    'Content-Security-Policy': RENDERER_CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': noStore ? 'no-store' : 'no-cache',
  });
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: headers('text/plain; charset=utf-8', true) });
}
