// POST /api/v1/files (upload) and GET /api/v1/files/<file_id> (download), server/PROTOCOL.md
// "Files". The upload's body is the file itself, its type in Content-Type and its name in
// `?name=`; everything that can be refused from the headers (no session, too big, a type
// not allowed) is refused before a byte is read. An image's first bytes must match its type.

import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../main/core/logger';
import { HttpError, sendJson } from '../http-io';
import { storedBytesThrottled } from '../http-refusals';
import type { RateLimiter } from '../rate-limit';
import type { FileStore, PendingUpload } from './file-store';
import { SNIFF_BYTES, isAllowedType, isImageType, mediaTypeOf, sniffImage } from './file-types';

export const FILES_PATH = '/api/v1/files';
export const FILE_PATH = /^\/api\/v1\/files\/([0-9a-f]{32})$/;
const NAME_MAX = 255;

export interface FileRouteDeps {
  files: FileStore;
  /** Bytes; larger uploads get 413. */
  maxBytes: () => number;
  /** Bytes each user may store per window (limits.storedBytesPerUser); beyond, 429. */
  storedBytes?: RateLimiter;
  log: Logger;
}

/** The wire description of a stored file: what the upload answers and a message's attachments carry. */
export function fileToWire(f: { fileId: string; name: string; size: number; mimeType: string }) {
  return { file_id: f.fileId, url: `${FILES_PATH}/${f.fileId}`, name: f.name, size: f.size, mime_type: f.mimeType };
}

/** A file name as shown to others: no path, no control characters, bounded. */
export function cleanFileName(raw: string | null): string {
  const name = (raw ?? '')
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .replace(/[/\\]/g, '_')
    .trim()
    .slice(0, NAME_MAX);
  if (!name || name === '.' || name === '..') throw new HttpError(400, 'invalid-request', `name must be 1-${NAME_MAX} characters (give ?name=)`);
  return name;
}

export async function uploadFile(req: IncomingMessage, res: ServerResponse, url: URL, uin: string, deps: FileRouteDeps): Promise<void> {
  const maxBytes = deps.maxBytes();
  const name = cleanFileName(url.searchParams.get('name'));
  const mimeType = mediaTypeOf(req.headers['content-type']);
  if (!isAllowedType(mimeType)) {
    throw new HttpError(415, 'unsupported-media-type', `files of type "${mimeType || 'none'}" are not accepted`);
  }
  const declared = req.headers['content-length'] === undefined ? undefined : Number(req.headers['content-length']);
  if (declared !== undefined && declared > maxBytes) throw tooLarge(maxBytes);
  if (declared === 0) throw new HttpError(400, 'invalid-request', 'the file is empty');

  // The user's allowance: the declared size (or the largest file, for a body of unknown
  // length) taken before a byte is read, what was not used given back after.
  const reserved = declared ?? maxBytes;
  const wait = deps.storedBytes?.take(uin, reserved) ?? 0;
  if (wait > 0) throw storedBytesThrottled(wait);
  let used = 0;
  const upload = await deps.files.begin();
  try {
    const size = await receive(req, upload, maxBytes, mimeType);
    const record = await upload.commit({ uploaderUin: uin, name, mimeType, size });
    used = size;
    deps.log.info('file uploaded', { uin, size, mimeType });
    sendJson(res, 201, fileToWire(record));
  } catch (e) {
    await upload.abort();
    throw e;
  } finally {
    if (used < reserved) deps.storedBytes?.refund(uin, reserved - used);
  }
}

/** Writes the body to the upload; checks the size as it comes and an image's first bytes. */
function receive(req: IncomingMessage, upload: PendingUpload, maxBytes: number, mimeType: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let size = 0;
    let head = Buffer.alloc(0);
    let sniffed = !isImageType(mimeType);
    let failed = false;
    let writing = Promise.resolve();
    const fail = (e: unknown) => {
      if (failed) return;
      failed = true;
      // Read the rest and drop it, so the client sees our answer rather than a reset.
      req.resume();
      reject(e);
    };
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > maxBytes) return fail(tooLarge(maxBytes));
      if (!sniffed) {
        head = Buffer.concat([head, chunk.subarray(0, SNIFF_BYTES)]);
        if (head.length >= SNIFF_BYTES) {
          sniffed = true;
          if (!sniffMatches(head, mimeType)) return fail(notThatImage(mimeType));
        }
      }
      req.pause();
      writing = writing.then(() => upload.write(chunk)).then(() => void req.resume(), fail);
    });
    req.on('error', () => fail(new HttpError(400, 'invalid-request', 'the upload could not be read')));
    req.on('aborted', () => fail(new HttpError(400, 'invalid-request', 'the upload was cut short')));
    req.on('end', () => {
      void writing.then(() => {
        if (failed) return;
        if (size === 0) return fail(new HttpError(400, 'invalid-request', 'the file is empty'));
        if (!sniffed && !sniffMatches(head, mimeType)) return fail(notThatImage(mimeType));
        resolve(size);
      });
    });
  });
}

function sniffMatches(head: Buffer, mimeType: string): boolean {
  return sniffImage(head) === mimeType;
}

function notThatImage(mimeType: string): HttpError {
  return new HttpError(415, 'unsupported-media-type', `the bytes are not an image of type ${mimeType}`);
}

function tooLarge(maxBytes: number): HttpError {
  return new HttpError(413, 'payload-too-large', `a file must be at most ${maxBytes} bytes`);
}

/**
 * The file's bytes, to its uploader or a member of a conversation where it was sent. Anyone
 * else gets the same 404 as for a file that does not exist: IDs are not confirmed to strangers.
 */
export function downloadFile(req: IncomingMessage, res: ServerResponse, fileId: string, uin: string, deps: FileRouteDeps): void {
  const file = deps.files.get(fileId);
  if (!file || !deps.files.mayRead(fileId, uin)) throw new HttpError(404, 'not-found', 'no such file, or it was not shared with you');
  res.writeHead(200, {
    'Content-Type': file.mimeType,
    'Content-Length': String(file.size),
    'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'private, max-age=31536000, immutable',
  });
  if (req.method === 'HEAD') return void res.end();
  const stream = createReadStream(deps.files.pathOf(fileId));
  stream.on('error', (e) => {
    deps.log.error('file read failed', { error: e.message });
    res.destroy();
  });
  stream.pipe(res);
}
