// Group pictures are addresses on the web (Netalo's `avatar_url`). The renderer's content
// security policy loads no remote image (a picture could track who opened a conversation, or
// probe the user's network), so main fetches a picture once, checks that it really is a small
// image, keeps it in the attachment store and hands the renderer a URL of its own origin.
//
// What main fetches is bounded: https anywhere, or http on the account's own chat server's
// host (the bundled reference server runs on plain http on 127.0.0.1); no redirects (a public
// address must not bounce the request into the local network); at most 1 MB; and only PNG,
// JPEG, GIF or WebP whose first bytes say so, whatever the Content-Type claims.

import type { Logger } from './logger';
import type { AttachmentStore } from './attachments';

export const MAX_AVATAR_BYTES = 1024 * 1024;
const FETCH_TIMEOUT_MS = 10_000;
/** A picture that could not be fetched is tried again after this long, not on every update. */
const RETRY_AFTER_MS = 10 * 60_000;

type Fetch = typeof fetch;

export interface AvatarImagesOptions {
  store: AttachmentStore;
  log: Logger;
  fetch?: Fetch;
  now?: () => number;
}

/** The kind of image the bytes are, by their signature; null for anything else. */
export function sniffImage(bytes: Uint8Array): string | null {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x47, 0x49, 0x46, 0x38)) return 'image/gif';
  if (starts(0x52, 0x49, 0x46, 0x46) && bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42 && bytes[11] === 0x50) return 'image/webp';
  return null;
}

/** Whether main may fetch `address` for an account whose chat server is `serverUrl`. */
export function mayFetchAvatar(address: string, serverUrl: string): boolean {
  let url: URL;
  let server: URL;
  try {
    url = new URL(address);
    server = new URL(serverUrl);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && url.hostname === server.hostname;
}

export class AvatarImages {
  /** By picture address: the hosted URL, or null (refused / failed) with when it failed. */
  private readonly known = new Map<string, { hosted: string | null; at: number }>();
  private readonly pending = new Map<string, Promise<string | null>>();
  private readonly fetch: Fetch;
  private readonly now: () => number;

  constructor(private readonly opts: AvatarImagesOptions) {
    this.fetch = opts.fetch ?? fetch;
    this.now = opts.now ?? Date.now;
  }

  /** The hosted URL when the picture is already here; undefined while unknown. */
  cached(address: string): string | undefined {
    return this.known.get(address)?.hosted ?? undefined;
  }

  /** Fetches the picture (once, however many conversations ask) and answers its hosted URL, or null. */
  resolve(address: string, serverUrl: string): Promise<string | null> {
    const known = this.known.get(address);
    if (known && (known.hosted !== null || this.now() - known.at < RETRY_AFTER_MS)) return Promise.resolve(known.hosted);
    let job = this.pending.get(address);
    if (!job) {
      job = this.download(address, serverUrl).then((hosted) => {
        this.known.set(address, { hosted, at: this.now() });
        this.pending.delete(address);
        return hosted;
      });
      this.pending.set(address, job);
    }
    return job;
  }

  private async download(address: string, serverUrl: string): Promise<string | null> {
    if (!mayFetchAvatar(address, serverUrl)) {
      this.opts.log.info('group picture not fetched: only https, or the chat server itself', { scheme: address.split(':')[0] });
      return null;
    }
    try {
      const response = await this.fetch(address, { redirect: 'error', signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), credentials: 'omit' });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const bytes = await readCapped(response, MAX_AVATAR_BYTES);
      const mimeType = sniffImage(bytes);
      if (!mimeType) throw new Error('not a PNG, JPEG, GIF or WebP image');
      const stored = await this.opts.store.put({ id: 'avatar', kind: 'image', name: 'avatar', mimeType, bytes });
      return stored.url ?? null;
    } catch (e) {
      this.opts.log.info('group picture not fetched', { error: e instanceof Error ? e.message : String(e) });
      return null;
    }
  }
}

/** The body, refused as soon as it passes `max` bytes (a Content-Length can lie or be absent). */
async function readCapped(response: Response, max: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length'));
  if (declared > max) throw new Error(`larger than ${max} bytes`);
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw new Error(`larger than ${max} bytes`);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}
