// What the renderer checks before it reads a file: the account's `attachmentLimits` (size
// and type), so a file that would be refused gets a clear message and is never read, staged
// or uploaded. Main checks again (the trust boundary); this is for the user's sake.

import type { AttachmentLimits } from '../../../contract';
import { t } from '../../../i18n';

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** A browser's type for a file, or the generic one when it has none (the server then takes it as a plain file). */
export function typeOf(file: { type: string }): string {
  return file.type || 'application/octet-stream';
}

/** Why this file cannot be sent here, in words for the user; null when it can. */
export function refusalFor(file: { name: string; size: number; type: string }, limits: AttachmentLimits | undefined): string | null {
  if (!limits) return t('attach.unsupported');
  if (file.size === 0) return t('attach.empty', { name: file.name });
  if (file.size > limits.maxBytes) {
    return t('attach.tooLarge', { name: file.name, size: formatSize(file.size), max: formatSize(limits.maxBytes) });
  }
  if (!limits.mimeTypes.includes(typeOf(file))) return t('attach.badType', { name: file.name, type: typeOf(file) });
  return null;
}

const SIZED_IMAGES = /^image\/(png|jpeg|gif|webp)$/;

/** An image's decoded pixel size, so every viewer reserves its space before it loads; null if it does not decode. */
export async function imageSize(file: Blob): Promise<{ width: number; height: number } | null> {
  if (!SIZED_IMAGES.test(file.type) || typeof createImageBitmap !== 'function') return null;
  try {
    const bitmap = await createImageBitmap(file);
    const size = { width: bitmap.width, height: bitmap.height };
    bitmap.close();
    return size.width > 0 && size.height > 0 ? size : null;
  } catch {
    return null;
  }
}
