// Files on Parley's reference server (server/PROTOCOL.md, "Files"): uploads to POST
// /api/v1/files (the bytes streamed from the outbox's staged copy, with progress), downloads
// from GET /api/v1/files/<id> with the session, and the attachments JSON of image (type 2)
// and file (type 3) messages, `[{file_id, url, name, size, mime_type, width?, height?}]`.

import { createReadStream } from 'node:fs';
import { z } from 'zod';
import type { AttachmentLimits } from '../../../contract/domain';
import { ParleyError } from '../../../contract/errors';
import type { AttachmentData, OutgoingFile, UploadedFile } from '../../core/adapter';
import { attachmentKindOf } from '../../core/outbox/staged-files';
import { hostOf, httpFailure, reasonOf } from './http';
import { parseLenientJson } from './wire/lenient-json';

/** Netalo message types for uploads (server/PROTOCOL.md). */
export const MESSAGE_IMAGE = 2;
export const MESSAGE_FILE = 3;

/** What the reference server accepts (server/files/file-types.ts; 25 MiB by default). */
export const NETALO_ATTACHMENT_LIMITS: AttachmentLimits = Object.freeze({
  maxBytes: 25 * 1024 * 1024,
  mimeTypes: Object.freeze([
    'image/png',
    'image/jpeg',
    'image/gif',
    'image/webp',
    'application/pdf',
    'application/zip',
    'application/gzip',
    'application/json',
    'application/octet-stream',
    'application/msword',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'application/vnd.ms-excel',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'application/vnd.ms-powerpoint',
    'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    'application/vnd.oasis.opendocument.text',
    'application/vnd.oasis.opendocument.spreadsheet',
    'text/plain',
    'text/csv',
    'text/markdown',
    'audio/mpeg',
    'audio/ogg',
    'audio/wav',
    'video/mp4',
    'video/webm',
  ]),
});

/** Time allowed per upload or download: generous, a large file on a slow link takes a while. */
const TRANSFER_TIMEOUT_MS = 10 * 60_000;

const fileSchema = z.object({
  file_id: z.string().regex(/^[0-9a-f]{32}$/),
  url: z.string().optional(),
  name: z.string().min(1).max(255),
  size: z.number().int().nonnegative(),
  mime_type: z.string().min(1).max(255),
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
});

export async function uploadFile(
  baseUrl: string,
  session: string,
  req: { file: OutgoingFile; signal: AbortSignal; onProgress: (sent: number, total: number) => void },
): Promise<UploadedFile> {
  const { file } = req;
  // Progress counts the bytes read into the request as it goes out (undici streams an async iterable).
  async function* counted(): AsyncGenerator<Uint8Array> {
    let sent = 0;
    for await (const chunk of createReadStream(file.path, { highWaterMark: 256 * 1024 }) as AsyncIterable<Buffer>) {
      sent += chunk.byteLength;
      req.onProgress(Math.min(sent, file.size), file.size);
      yield chunk;
    }
  }
  let res: Response;
  try {
    res = await fetch(`${baseUrl}/api/v1/files?name=${encodeURIComponent(file.name)}`, {
      method: 'POST',
      headers: { 'Content-Type': file.mimeType, 'Content-Length': String(file.size), Session: session, Accept: 'application/json' },
      body: counted() as unknown as BodyInit,
      duplex: 'half',
      signal: AbortSignal.any([req.signal, AbortSignal.timeout(TRANSFER_TIMEOUT_MS)]),
    } as RequestInit);
  } catch (e) {
    throw transferFailure(e, baseUrl);
  }
  const text = await res.text();
  const answer = { status: res.status, body: parseBody(text) };
  if (answer.status === 413 || answer.status === 415) {
    throw new ParleyError('invalid-argument', reasonOf(answer) ?? 'The server refused this file.');
  }
  if (answer.status !== 201) throw httpFailure(answer, 'Upload');
  const parsed = fileSchema.safeParse(answer.body);
  if (!parsed.success) throw new ParleyError('server-error', 'The server answered the upload with something Parley cannot read.');
  const f = parsed.data;
  return {
    fileId: f.file_id,
    name: f.name,
    mimeType: f.mime_type,
    size: f.size,
    ...(file.width && file.height ? { width: file.width, height: file.height } : {}),
  };
}

export async function downloadFile(baseUrl: string, session: string, source: string, signal?: AbortSignal): Promise<Uint8Array> {
  // `source` is the server's own relative URL: only ever on this account's server.
  if (!/^\/api\/v1\/files\/[0-9a-f]{32}$/.test(source)) throw new ParleyError('invalid-argument', 'not a file of this server');
  let res: Response;
  try {
    res = await fetch(baseUrl + source, {
      headers: { Session: session },
      signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(TRANSFER_TIMEOUT_MS)]) : AbortSignal.timeout(TRANSFER_TIMEOUT_MS),
    });
  } catch (e) {
    throw transferFailure(e, baseUrl);
  }
  if (res.status !== 200) {
    const text = await res.text().catch(() => '');
    throw httpFailure({ status: res.status, body: parseBody(text) }, 'Download');
  }
  return new Uint8Array(await res.arrayBuffer());
}

/** The files a type 2/3 message carries, as the core takes them; [] when unreadable. */
export function attachmentsOf(raw: string | null | undefined): AttachmentData[] {
  if (!raw) return [];
  let value: unknown;
  try {
    value = parseLenientJson(raw);
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  const out: AttachmentData[] = [];
  for (const item of value) {
    const parsed = fileSchema.safeParse(item);
    if (!parsed.success) continue;
    const f = parsed.data;
    out.push({
      id: f.file_id,
      kind: attachmentKindOf(f.mime_type),
      name: f.name,
      mimeType: f.mime_type,
      size: f.size,
      source: `/api/v1/files/${f.file_id}`,
      ...(f.width && f.height ? { width: f.width, height: f.height } : {}),
    });
  }
  return out;
}

/** The attachments JSON create_message sends: the server fills in the rest from its records. */
export function attachmentsToWire(files: readonly UploadedFile[]): Array<{ file_id: string; width?: number; height?: number }> {
  return files.map((f) => ({ file_id: f.fileId, ...(f.width && f.height ? { width: f.width, height: f.height } : {}) }));
}

/** Type 2 when every file is an image, else 3. */
export function messageTypeFor(files: readonly UploadedFile[]): number {
  return files.every((f) => attachmentKindOf(f.mimeType) === 'image') ? MESSAGE_IMAGE : MESSAGE_FILE;
}

function transferFailure(e: unknown, baseUrl: string): ParleyError {
  const host = hostOf(baseUrl);
  if (e instanceof Error && e.name === 'TimeoutError') return new ParleyError('timeout', `The server at ${host} did not finish the transfer in time`);
  if (e instanceof Error && e.name === 'AbortError') return new ParleyError('offline', 'The transfer was stopped');
  // Nothing reached the server in a way it kept: an upload is safe to try again.
  return new ParleyError('offline', `Cannot reach the server at ${host}`);
}

function parseBody(text: string): unknown {
  if (!text) return undefined;
  try {
    return parseLenientJson(text);
  } catch {
    return undefined;
  }
}
