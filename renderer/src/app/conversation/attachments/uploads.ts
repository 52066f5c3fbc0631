// Files on their way out or in, for the composer's upload tray and the file rows' download
// progress: a small store of its own, fed by main's `upload.progress` / `download.progress`
// events. Nothing here is cached: a transfer's progress is over once it is.

import { create } from 'zustand';
import type { ParleyEvent } from '../../../contract';

export interface Upload {
  conversationRef: string;
  nonce: string;
  name: string;
  sent: number;
  total: number;
}

export interface Download {
  received: number;
  total: number;
  done?: 'saved' | 'failed';
}

interface TransferState {
  uploads: Record<string, Upload>;
  downloads: Record<string, Download>;
  /** Per conversation: why the last file was refused (shown in the composer until dismissed). */
  refusals: Record<string, string>;
}

/** Uploads already over (sent or failed): a small file can finish before its start is recorded. */
const over = new Set<string>();

export const useTransfers = create<TransferState>(() => ({ uploads: {}, downloads: {}, refusals: {} }));

export const transfers = {
  started(upload: Omit<Upload, 'sent'>): void {
    if (over.has(upload.nonce)) return;
    useTransfers.setState((s) => ({ uploads: { ...s.uploads, [upload.nonce]: { ...upload, sent: 0 } } }));
  },
  finished(nonce: string): void {
    over.add(nonce);
    if (over.size > 500) over.delete(over.values().next().value!);
    useTransfers.setState((s) => {
      if (!s.uploads[nonce]) return s;
      const { [nonce]: _gone, ...rest } = s.uploads;
      return { uploads: rest };
    });
  },
  refused(conversationRef: string, reason: string | null): void {
    useTransfers.setState((s) => {
      const { [conversationRef]: _old, ...rest } = s.refusals;
      return { refusals: reason ? { ...rest, [conversationRef]: reason } : rest };
    });
  },
  /** Main's events: progress moves the bars; a message that was sent or failed ends its upload. */
  onEvent(e: ParleyEvent): void {
    if (e.name === 'upload.progress') {
      const { nonce, sent, total } = e.payload;
      useTransfers.setState((s) => (s.uploads[nonce] ? { uploads: { ...s.uploads, [nonce]: { ...s.uploads[nonce], sent, total } } } : s));
    } else if (e.name === 'download.progress') {
      const { url, received, total, done } = e.payload;
      useTransfers.setState((s) => ({ downloads: { ...s.downloads, [url]: { received, total, ...(done ? { done } : {}) } } }));
    } else if (e.name === 'message.upserted') {
      const { nonce, status } = e.payload.message;
      if (nonce && status !== 'queued' && status !== 'sending') transfers.finished(nonce);
    }
  },
};
