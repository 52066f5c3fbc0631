// create_message of type 2 (image) or 3 (file): `attachments` names uploaded files
// (POST /api/v1/files). The server checks each one (it exists, the sender may share it, an
// image message carries images only) and stores its own description of them, so what other
// members read is what the server holds, not what the sender claimed (server/PROTOCOL.md, Files).

import { z } from 'zod';
import { parseLenientJson } from '../../main/protocols/netalo/wire/lenient-json';
import { fileToWire } from '../files/file-routes';
import { isImageType } from '../files/file-types';
import type { RequestContext } from './context';
import { MessageType } from './message-types';
import { invalidRequest, notFound } from './results';

export const MAX_FILES_PER_MESSAGE = 10;
/** Pixel dimensions the sender measured; bounded so that no client is asked to reserve absurd space. */
const dimension = z.number().int().min(1).max(100_000).optional();

const attachedFile = z.object({
  file_id: z.string().regex(/^[0-9a-f]{32}$/, 'must be the file_id an upload answered'),
  width: dimension,
  height: dimension,
});
const attachedFiles = z.array(attachedFile).min(1).max(MAX_FILES_PER_MESSAGE);

export function carriesFiles(type: number): boolean {
  return type === MessageType.image || type === MessageType.file;
}

/**
 * The attachments JSON to store for a type 2/3 message, and the files it carries. Throws a
 * result 1 (malformed, or an image message with a non-image) or 3 (no such file for this user).
 */
export function resolveAttachedFiles(ctx: RequestContext, type: number, text: string): { attachments: string; fileIds: string[] } {
  let value: unknown;
  try {
    value = text === '' ? undefined : parseLenientJson(text);
  } catch {
    throw invalidRequest('attachments: must be a JSON list of {file_id, width?, height?}');
  }
  const parsed = attachedFiles.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = ['attachments', ...(issue?.path ?? []).map(String)].join('.');
    throw invalidRequest(`${where}: ${value === undefined ? `type ${type} needs at least one file` : (issue?.message ?? 'is invalid')}`);
  }
  const described = parsed.data.map((f) => {
    const file = ctx.services.files.get(f.file_id);
    // Someone else's file that was never shared with the sender is "not found", as for a download.
    if (!file || !ctx.services.files.mayRead(f.file_id, ctx.uin)) throw notFound(`attachments: no file ${f.file_id}`);
    if (type === MessageType.image && !isImageType(file.mimeType)) {
      throw invalidRequest(`attachments: ${file.name} is not an image; send it as type ${MessageType.file}`);
    }
    return { ...fileToWire(file), ...(f.width && f.height ? { width: f.width, height: f.height } : {}) };
  });
  return { attachments: JSON.stringify(described), fileIds: described.map((f) => f.file_id) };
}
