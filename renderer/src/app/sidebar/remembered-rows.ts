// The conversation list's first screen kept in localStorage, so that the next start paints
// its rows before React (early-rows.ts) without opening IndexedDB: on a cold browser that
// read alone took 100–160 ms (bench B1). Only what the early rows show is kept: the rows that
// fit a tall window, sorted as the list sorts them, with the fields a row draws. The cache in
// IndexedDB stays the truth: anything missing, malformed or for other accounts here means the
// start reads it as before, and React's rows replace these within the start (so an unread
// count a few seconds old is not shown for long). Written by keep-rows-remembered.ts; cleared
// with the remembered list at sign-out (first-screen.ts). No imports but types: the entry reads it.

import type { CallRecord, Conversation, MessagePreview } from '../../contract';

export const ROWS_KEY = 'parley.firstScreen.rows.v1';
/** More rows than any window shows (rows-for-window.ts gives ~20 for a 1080 px screen). */
export const MAX_ROWS = 40;
/** A preview longer than this is cut: the row shows one line of it. */
const MAX_TEXT = 160;
/** An avatar address longer than this (a data: URL) is left out: the initials stand in until React. */
const MAX_AVATAR = 512;
/** The whole value's bound; a larger one is not kept (the start reads IndexedDB instead). */
export const MAX_STORED_CHARS = 48_000;

type Storage_ = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

interface StoredRows {
  v: 1;
  /** The accounts these rows are of, sorted: they must be the accounts the start remembers. */
  accounts: string[];
  /** Every conversation of those accounts is here (fewer than MAX_ROWS): any window is filled. */
  complete: boolean;
  rows: Conversation[];
}

/** A conversation cut to what an early row shows. */
function slim(c: Conversation): Conversation {
  const row: Conversation = {
    accountId: c.accountId,
    id: c.id,
    kind: c.kind,
    title: c.title,
    // Not shown by an early row; the type wants them.
    memberIds: [],
    createdAt: c.lastActivityAt,
    lastActivityAt: c.lastActivityAt,
    unreadCount: c.unreadCount,
    muted: c.muted,
    pinned: c.pinned,
  };
  if (c.peerId) row.peerId = c.peerId;
  if (c.avatarImage && c.avatarImage.length <= MAX_AVATAR) row.avatarImage = c.avatarImage;
  if (c.request) row.request = true;
  if (c.lastMessage) row.lastMessage = slimPreview(c.lastMessage);
  return row;
}

function slimPreview(m: MessagePreview): MessagePreview {
  const preview: MessagePreview = { senderId: m.senderId, text: m.text.length > MAX_TEXT ? m.text.slice(0, MAX_TEXT) : m.text, sentAt: m.sentAt };
  if (m.system) preview.system = m.system;
  if (m.kind) preview.kind = m.kind;
  if (m.call) {
    const { callId, media, outcome, callerId, durationMs } = m.call;
    preview.call = { callId, media, outcome, callerId, ...(durationMs !== undefined ? { durationMs } : {}) };
  }
  return preview;
}

/**
 * Keeps the first screen of these conversations (already sorted as the list sorts them) for
 * these accounts; none kept when there is nothing to show or it would not fit the bound.
 */
export function saveRows(sorted: readonly Conversation[], accountIds: readonly string[], storage: Storage_ | undefined = browserStorage()): void {
  try {
    if (!storage) return;
    if (sorted.length === 0 || accountIds.length === 0) return storage.removeItem(ROWS_KEY);
    const value: StoredRows = {
      v: 1,
      accounts: [...accountIds].sort(),
      complete: sorted.length <= MAX_ROWS,
      rows: sorted.slice(0, MAX_ROWS).map(slim),
    };
    const text = JSON.stringify(value);
    if (text.length > MAX_STORED_CHARS) return storage.removeItem(ROWS_KEY);
    if (storage.getItem(ROWS_KEY) !== text) storage.setItem(ROWS_KEY, text);
  } catch {
    // Storage full or off: drop what was kept rather than leave an older screen behind.
    try {
      storage?.removeItem(ROWS_KEY);
    } catch {
      // Storage off: nothing was kept.
    }
  }
}

export function forgetRows(storage: Storage_ | undefined = browserStorage()): void {
  try {
    storage?.removeItem(ROWS_KEY);
  } catch {
    // Storage off: nothing was kept.
  }
}

/**
 * The kept rows, if they are of exactly these accounts and enough to fill `wanted` rows;
 * null otherwise (absent, stale or malformed): the start then reads the cache.
 */
export function lastRows(accountIds: readonly string[], wanted: number, storage: Storage_ | undefined = browserStorage()): Conversation[] | null {
  try {
    const value: unknown = JSON.parse(storage?.getItem(ROWS_KEY) ?? 'null');
    if (!isRecord(value) || value.v !== 1 || !Array.isArray(value.rows) || !Array.isArray(value.accounts)) return null;
    const mine = [...accountIds].sort();
    const theirs = value.accounts;
    if (theirs.length !== mine.length || mine.some((id, i) => theirs[i] !== id)) return null;
    if (value.complete !== true && value.rows.length < wanted) return null;
    const rows = value.rows as unknown[];
    return rows.every(isRow) ? rows : null;
  } catch {
    return null;
  }
}

function isRow(c: unknown): c is Conversation {
  if (!isRecord(c)) return false;
  const strings = [c.accountId, c.id, c.title, c.kind].every((s) => typeof s === 'string');
  const numbers = [c.lastActivityAt, c.unreadCount, c.createdAt].every((n) => typeof n === 'number' && Number.isFinite(n));
  const flags = typeof c.muted === 'boolean' && typeof c.pinned === 'boolean' && Array.isArray(c.memberIds);
  const optional = (c.peerId === undefined || typeof c.peerId === 'string') && (c.avatarImage === undefined || typeof c.avatarImage === 'string');
  return strings && numbers && flags && optional && (c.lastMessage === undefined || isPreview(c.lastMessage));
}

function isPreview(m: unknown): m is MessagePreview {
  if (!isRecord(m) || typeof m.text !== 'string' || typeof m.senderId !== 'string') return false;
  if (m.system !== undefined && !isRecord(m.system)) return false;
  return m.call === undefined || isCall(m.call);
}

function isCall(call: unknown): call is CallRecord {
  return isRecord(call) && typeof call.callerId === 'string' && typeof call.outcome === 'string' && typeof call.media === 'string';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function browserStorage(): Storage_ | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}
