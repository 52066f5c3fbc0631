// The contract's file commands: sending a file (staged in the outbox, uploaded, then sent,
// like text), cancelling its upload, and saving a received file where the user chooses.
// Limits are checked here, before anything is staged or uploaded: the renderer checks the
// same `attachmentLimits` before it even reads the file, but main is the trust boundary.

import type { SaveResult } from '../../contract/domain';
import { ParleyError } from '../../contract/errors';
import type { AccountRuntime } from './account';
import { ATTACHMENT_URL_PREFIX, type AttachmentStore, type StoredFile } from './attachments';
import type { CommandHandlers } from './dispatch';
import type { EventHub } from './event-hub';
import type { Logger } from './logger';
import { attachmentKindOf } from './outbox/staged-files';

/**
 * How a host saves a file where the user chooses (Electron: a save dialog, then a copy that
 * reports progress). Null: the user cancelled the dialog. Absent (the browser host): the
 * page downloads the file from the host's URL instead.
 */
export type SaveFile = (file: StoredFile, onProgress: (written: number, total: number) => void) => Promise<{ path: string } | null>;

export interface FileCommandDeps {
  requireAccount(accountId: string): AccountRuntime;
  attachments: () => AttachmentStore;
  events: EventHub;
  log: Logger;
  saveFile?: SaveFile;
}

type FileHandlers = Pick<CommandHandlers, 'messages.sendFile' | 'messages.cancelUpload' | 'files.save'>;

export function fileCommands(deps: FileCommandDeps): FileHandlers {
  return {
    'messages.sendFile': async ({ accountId, conversationId, nonce, name, mimeType, bytes, caption, width, height }) => {
      const runtime = deps.requireAccount(accountId);
      const { capabilities, adapter } = runtime;
      const limits = capabilities.attachmentLimits;
      if (!capabilities.attachments || !limits || !adapter.uploadFile || capabilities.messaging === 'receive-only') {
        throw new ParleyError('unsupported', 'This account cannot send files.');
      }
      if (bytes.byteLength > limits.maxBytes) {
        throw new ParleyError('invalid-argument', `"${name}" is ${formatBytes(bytes.byteLength)}: files can be at most ${formatBytes(limits.maxBytes)}.`);
      }
      if (!limits.mimeTypes.includes(mimeType)) {
        throw new ParleyError('invalid-argument', `"${name}" cannot be sent: files of type ${mimeType} are not accepted here.`);
      }
      // The sender's own copy shows at once, from the host, while the upload runs.
      const kind = attachmentKindOf(mimeType);
      const preview = kind === 'image' ? await deps.attachments().put({ id: 'preview', kind, name, mimeType, bytes }) : undefined;
      const queued = await runtime.outbox.enqueueFile({
        conversationId,
        nonce,
        text: caption?.trim() ?? '',
        file: { name, mimeType, bytes, ...(width && height ? { width, height } : {}) },
        ...(preview?.url ? { previewUrl: preview.url } : {}),
      });
      return { ...queued, accountId };
    },

    'messages.cancelUpload': async ({ accountId, conversationId, nonce }) => {
      await deps.requireAccount(accountId).outbox.cancel(conversationId, nonce);
      return null;
    },

    'files.save': async ({ url }): Promise<SaveResult> => {
      const file = await deps.attachments().open(url.slice(ATTACHMENT_URL_PREFIX.length));
      if (!file) throw new ParleyError('not-found', 'That file is not available right now. Try again when the account is online.');
      if (!deps.saveFile) return { download: `${url}?download=1` };
      const report = (received: number, total: number, done?: 'saved' | 'failed') =>
        deps.events.emit('download.progress', { url, received, total, ...(done ? { done } : {}) });
      try {
        const saved = await deps.saveFile(file, (written, total) => report(written, total));
        if (!saved) return { saved: false };
        report(file.size, file.size, 'saved');
        return { saved: true, path: saved.path };
      } catch (e) {
        report(0, file.size, 'failed');
        deps.log.warn('file not saved', { error: e instanceof Error ? e.message : String(e) });
        throw new ParleyError('internal', 'Parley could not save the file there.');
      }
    },
  };
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}
