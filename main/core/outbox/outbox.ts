// One account's durable outbox, owned by the core: every message is written to disk, drained
// in order (one in flight) whenever the account is online, with or without a window, and
// every change is reported so the renderer can show it.
//
// Sending does not wait for the disk. A message that can go at once is journalled as
// 'sending' (never as 'queued' first) while the adapter sends it, so that whichever of the
// two finishes first, a crash leaves a safe state behind: nothing on disk means nothing was
// acknowledged to the user yet (enqueue resolves only once the entry is durable); 'sending'
// on disk means the outcome is unknown and is settled as below, never resent blindly. A
// 'queued' line is written only for a message that waits (offline, or behind another), and
// the drain writes 'sending' after it, in the journal's order, before sending it.
//
// The one rule that keeps every protocol exactly-once: **never resend blindly**. After a
// send whose outcome is unknown (a timeout, a crash or restart mid-send), a protocol that
// deduplicates on the nonce (Netalo) is simply sent again; any other (talker's echo,
// Mingdao's ack, Haraj's HTTP) first looks for the message in the server's history
// (`findSentMessage`), and resends only if it is not there. An adapter says 'offline' only
// when nothing left the machine, so that case is always safe to queue again.

import { isTransient, ParleyError, type ErrorCode } from '../../../contract/errors';
import type { Id, Message } from '../../../contract/domain';
import type { MessageData, ProtocolAdapter, UploadedFile } from '../adapter';
import type { Logger } from '../logger';
import { Journal } from './journal';
import { parseStagedFile, stagedAttachment, type StagedFile, FileStaging } from './staged-files';

export type OutboxState = 'queued' | 'sending' | 'failed' | 'sent';

/** A server's clock may be this far behind ours: a history copy up to this much older than its attempt still matches it. */
const HISTORY_CLOCK_SKEW_MS = 5 * 60_000;

export interface OutboxEntry {
  conversationId: Id;
  nonce: string;
  text: string;
  /** ms since epoch, when the user sent it: the time shown until the server's copy arrives. */
  createdAt: number;
  state: OutboxState;
  /** When the current or last attempt began: where a history search for it starts. */
  attemptAt?: number;
  /** Why it failed, in words for the user. */
  error?: string;
  /** Once sent: the server's copy, so a window opened later can settle its own. */
  sent?: { id: Id; sentAt: number };
  /** ms since epoch, when it became 'sent' (sent entries are kept a while, then pruned). */
  settledAt?: number;
  /** A file message: its bytes staged on disk beside the journal, uploaded before it is sent. */
  file?: StagedFile;
}

export interface OutboxOptions {
  adapter: ProtocolAdapter;
  senderId: Id;
  journalPath: string;
  log: Logger;
  /** Every change of an entry, as the message the renderer shows. */
  report: (message: Omit<Message, 'accountId'>) => void;
  /** A settled send: the server's copy (with our nonce stamped on). */
  reportSent: (message: MessageData) => void;
  now?: () => number;
  /** First delay before trying again after a timeout while online; doubles up to 30 s. */
  retryDelayMs?: number;
  /** Where file messages' bytes wait until they are sent (default: `uploads` beside the journal). */
  stagingDir?: string;
  /** A file's upload moved on. */
  reportProgress?: (progress: { conversationId: Id; nonce: string; sent: number; total: number }) => void;
}

const CANCELLED = 'Upload cancelled.';

/** Sent entries kept for windows that were closed meanwhile: the newest this many… */
const KEEP_SENT = 200;
/** …and none older than this. */
const KEEP_SENT_MS = 7 * 24 * 60 * 60 * 1000;
const MAX_RETRY_DELAY_MS = 30_000;

const UNKNOWN_OUTCOME_NO_HISTORY =
  'Parley could not confirm that this message was sent, and this server cannot be asked. Check the conversation, then retry if it is missing.';

export class Outbox {
  private online = false;
  private closed = false;
  private draining: Promise<void> | null = null;
  private again = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private retryDelay: number;
  private readonly now: () => number;
  /** Each entry's latest journal write, until it is on disk: `enqueue` answers once it is. */
  private readonly durable = new Map<string, Promise<void>>();
  /** Settled sends whose 'sent' line is being written: `idle` waits for them too. */
  private readonly settling = new Set<Promise<void>>();
  /** The upload in flight, by entry key: `cancel` aborts it. */
  private readonly uploads = new Map<string, AbortController>();
  private readonly staging: FileStaging;

  private constructor(
    private readonly opts: OutboxOptions,
    private readonly journal: Journal<OutboxEntry>,
    /** By `entryKey`, in the order the user sent them. */
    private readonly entries: Map<string, OutboxEntry>,
  ) {
    this.now = opts.now ?? Date.now;
    this.retryDelay = opts.retryDelayMs ?? 1000;
    this.staging = new FileStaging(opts.stagingDir ?? `${opts.journalPath.replace(/[^/\\]*$/, '')}uploads`);
  }

  static async open(opts: OutboxOptions): Promise<Outbox> {
    const { journal, entries } = await Journal.open(opts.journalPath, parseEntry, opts.log);
    const outbox = new Outbox(opts, journal, entries);
    await outbox.prune();
    return outbox;
  }

  /** Queues a new message, durably, and answers it as queued. The same nonce twice is one message. */
  async enqueue(req: { conversationId: Id; text: string; nonce: string }): Promise<Omit<Message, 'accountId'>> {
    if (this.closed) throw new ParleyError('not-signed-in', 'That account is signed out.');
    const key = entryKey(req.conversationId, req.nonce);
    const existing = this.entries.get(key);
    if (existing) return this.view(existing);
    const entry: OutboxEntry = { conversationId: req.conversationId, nonce: req.nonce, text: req.text, createdAt: this.now(), state: 'queued' };
    // In the queue first, then the drain: when it can send this one now it takes it at once,
    // journalling it as 'sending' while the adapter sends it. Otherwise it waits, journalled as queued.
    this.entries.set(key, entry);
    this.kick();
    const taken = this.entries.get(key) !== entry;
    await (taken ? this.durable.get(key) : this.write(entry));
    return this.view(this.entries.get(key) ?? entry);
  }

  /**
   * Queues a file message: its bytes are staged on disk (flushed) and the entry journalled
   * before anything is uploaded. The same nonce twice is one message. `previewUrl`: where
   * the sender's own copy is shown until the server's arrives.
   */
  async enqueueFile(req: {
    conversationId: Id;
    nonce: string;
    text: string;
    file: { name: string; mimeType: string; bytes: Uint8Array; width?: number; height?: number };
    previewUrl?: string;
  }): Promise<Omit<Message, 'accountId'>> {
    if (this.closed) throw new ParleyError('not-signed-in', 'That account is signed out.');
    const key = entryKey(req.conversationId, req.nonce);
    const existing = this.entries.get(key);
    if (existing) return this.view(existing);
    const { bytes, ...described } = req.file;
    const staged = await this.staging.stage(key, bytes);
    const entry: OutboxEntry = {
      conversationId: req.conversationId,
      nonce: req.nonce,
      text: req.text,
      createdAt: this.now(),
      state: 'queued',
      file: { ...described, size: bytes.byteLength, staged, ...(req.previewUrl ? { previewUrl: req.previewUrl } : {}) },
    };
    await this.write(entry);
    this.kick();
    return this.view(entry);
  }

  /**
   * Stops a file's upload (or keeps a queued one from starting): the message stays, failed,
   * and `retry` uploads it again. Too late once the file is uploaded: the message is then as
   * good as sent.
   */
  async cancel(conversationId: Id, nonce: string): Promise<void> {
    const key = entryKey(conversationId, nonce);
    const entry = this.entries.get(key);
    if (!entry?.file || entry.state === 'sent' || entry.state === 'failed') {
      throw new ParleyError('not-found', 'That file is not being uploaded.');
    }
    if (entry.file.uploaded) throw new ParleyError('not-found', 'That file is already uploaded; its message is being sent.');
    this.uploads.get(key)?.abort();
    await this.fail(entry, CANCELLED);
  }

  /** A failed message back in the queue, same nonce. */
  async retry(conversationId: Id, nonce: string): Promise<Omit<Message, 'accountId'>> {
    const entry = this.entries.get(entryKey(conversationId, nonce));
    if (!entry) throw new ParleyError('not-found', 'That message is no longer waiting to be sent.');
    if (entry.state === 'failed') {
      const { error: _error, ...rest } = entry;
      await this.write({ ...rest, state: 'queued' });
      this.kick();
    }
    return this.view(this.entries.get(entryKey(conversationId, nonce))!);
  }

  /** Everything held: unsent, failed and recently sent. */
  pending(): Array<Omit<Message, 'accountId'>> {
    return [...this.entries.values()].map((e) => this.view(e));
  }

  /** The account went online or offline. Online starts a drain. */
  setOnline(online: boolean): void {
    this.online = online;
    if (online) this.kick();
  }

  /**
   * An incoming message of our own settles the entry it matches: by nonce where the copy
   * carries one, else (talker's echo arriving after its send timed out, or a protocol that
   * never echoes nonces) by same conversation, same text, an attempt under way. Returns the
   * message with our nonce on it when it matched, so the renderer merges it into the row it shows.
   * `fromHistory`: the copy is in a history page the renderer asked for (the thread fetched
   * while a send is under way: without our nonce it would show beside the row being sent);
   * a page also holds older messages, so a same-text match must be no older than the attempt.
   */
  async matchEcho(message: MessageData, opts: { fromHistory?: boolean } = {}): Promise<MessageData> {
    if (message.senderId !== this.opts.senderId || !message.id) return message;
    if (message.nonce) {
      // The server holds it (a resync found it, or another device's push): whatever became
      // of our attempt's answer, it needs no resend.
      const entry = this.entries.get(entryKey(message.conversationId, message.nonce));
      if (entry && entry.state !== 'sent') await this.settle(entry, message);
      return message;
    }
    for (const entry of this.entries.values()) {
      // A second copy of a message already settled (talker may echo to more than one of the
      // user's sockets, or a resync lists it): it carries our nonce too, else the renderer
      // would show it as a second row beside the one that was sent.
      if (entry.sent?.id === message.id && entry.conversationId === message.conversationId) return { ...message, nonce: entry.nonce };
    }
    for (const entry of this.entries.values()) {
      if (opts.fromHistory && message.sentAt < (entry.attemptAt ?? entry.createdAt) - HISTORY_CLOCK_SKEW_MS) continue;
      if (entry.state === 'sending' && entry.conversationId === message.conversationId && entry.text === message.text) {
        await this.settle(entry, message);
        return { ...message, nonce: entry.nonce };
      }
    }
    return message;
  }

  /** For tests: resolves when no drain is running. */
  async idle(): Promise<void> {
    while (this.draining || this.settling.size > 0) {
      await this.draining;
      await Promise.all(this.settling);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    // An upload cut short is simply uploaded again at the next start (nothing was sent).
    for (const controller of this.uploads.values()) controller.abort();
    await this.draining?.catch(() => undefined);
    await Promise.all(this.settling);
    await this.journal.close();
  }

  // ---- draining -----------------------------------------------------------------------

  private kick(): void {
    if (this.closed || !this.online) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = (async () => {
      try {
        do {
          this.again = false;
          await this.drain();
        } while (this.again && this.online && !this.closed);
      } catch (e) {
        this.opts.log.error('outbox drain failed', { error: e instanceof Error ? e.stack : String(e) });
      } finally {
        this.draining = null;
      }
    })();
  }

  private async drain(): Promise<void> {
    while (this.online && !this.closed) {
      const entry = this.head();
      if (!entry) return;
      if (entry.state === 'sending' && this.opts.adapter.sendConfirmation !== 'nonce') {
        const settled = await this.settleUnknown(entry);
        if (settled === 'stop') return;
        if (settled === 'done') continue;
      }
      let attempt: OutboxEntry = { ...entry, state: 'sending', attemptAt: this.now() };
      // 'sending' goes to disk while the adapter sends (see the top of this file): the send
      // does not wait for the disk, and the line is in the journal before any later one.
      const sendingWritten = this.write(attempt);
      sendingWritten.catch(() => undefined); // awaited below; this only keeps it from counting as unhandled meanwhile
      let uploaded = attempt.file?.uploaded;
      if (attempt.file && !uploaded) {
        // An upload takes long anyway: it starts once 'sending' is on disk, as before.
        await sendingWritten;
        const outcome = await this.upload(attempt);
        if (outcome === 'stop') return;
        if (outcome === 'next') continue;
        uploaded = outcome;
        // Durable before the send: after a crash from here on, the file is not uploaded again.
        attempt = { ...attempt, file: { ...attempt.file, uploaded } };
        await this.write(attempt, false);
      }
      let sent: MessageData;
      try {
        sent = await this.opts.adapter.sendMessage({
          conversationId: entry.conversationId,
          text: entry.text,
          nonce: entry.nonce,
          ...(uploaded ? { attachments: [uploaded] } : {}),
        });
      } catch (e) {
        await sendingWritten;
        // A copy of it (an echo, a history page) settled it while we waited: the server has it.
        if (this.settledMeanwhile(attempt)) continue;
        if ((await this.afterFailure(attempt, e)) === 'stop') return;
        continue;
      }
      await sendingWritten;
      this.retryDelay = this.opts.retryDelayMs ?? 1000;
      if (this.settledMeanwhile(attempt)) continue;
      // The next message need not wait for this one's 'sent' line: until it is on disk the
      // entry reads as 'sending', which a restart settles without a blind resend.
      this.settleInBackground(attempt, sent);
    }
  }

  private settleInBackground(attempt: OutboxEntry, sent: MessageData): void {
    const settling: Promise<void> = this.settle(attempt, sent)
      .catch((e: unknown) => this.opts.log.error('outbox settle failed', { error: e instanceof Error ? e.stack : String(e) }))
      .finally(() => this.settling.delete(settling));
    this.settling.add(settling);
  }

  /** Uploads an entry's staged file: the upload's answer, or what the drain does next. */
  private async upload(attempt: OutboxEntry): Promise<UploadedFile | 'stop' | 'next'> {
    const file = attempt.file!;
    const { adapter } = this.opts;
    const key = entryKey(attempt.conversationId, attempt.nonce);
    if (!adapter.uploadFile) {
      await this.fail(attempt, 'This account cannot send files.');
      return 'next';
    }
    const controller = new AbortController();
    this.uploads.set(key, controller);
    let reported = -1;
    try {
      return await adapter.uploadFile({
        file: { path: this.staging.pathOf(file.staged), name: file.name, mimeType: file.mimeType, size: file.size, ...dimensions(file) },
        signal: controller.signal,
        onProgress: (sent, total) => {
          // About a hundred steps at most, whatever size the adapter's chunks are.
          if (sent !== total && sent - reported < total / 100) return;
          reported = sent;
          this.opts.reportProgress?.({ conversationId: attempt.conversationId, nonce: attempt.nonce, sent, total });
        },
      });
    } catch (e) {
      // Cancelled: `cancel` has already written the entry as failed.
      if (controller.signal.aborted) return this.closed ? 'stop' : 'next';
      return this.afterFailure(attempt, e);
    } finally {
      this.uploads.delete(key);
    }
  }

  /** True when `matchEcho` settled this attempt's entry while its send was under way. */
  private settledMeanwhile(attempt: OutboxEntry): boolean {
    return this.entries.get(entryKey(attempt.conversationId, attempt.nonce))?.state === 'sent';
  }

  /** The oldest entry still to send (queued, or sending with an unknown outcome). */
  private head(): OutboxEntry | undefined {
    for (const entry of this.entries.values()) if (entry.state === 'queued' || entry.state === 'sending') return entry;
    return undefined;
  }

  /** An earlier attempt's outcome is unknown: is the message already on the server? */
  private async settleUnknown(entry: OutboxEntry): Promise<'done' | 'resend' | 'stop'> {
    const { adapter } = this.opts;
    if (!adapter.findSentMessage) {
      await this.fail(entry, UNKNOWN_OUTCOME_NO_HISTORY);
      return 'done';
    }
    let found: MessageData | null;
    try {
      found = await adapter.findSentMessage({
        conversationId: entry.conversationId,
        text: entry.text,
        notBefore: entry.attemptAt ?? entry.createdAt,
        exclude: this.sentIdsIn(entry.conversationId),
      });
    } catch (e) {
      if (isTransient(codeOf(e))) {
        this.scheduleRetry();
        return 'stop';
      }
      await this.fail(entry, `Parley could not check whether this message was sent: ${messageOf(e)}`);
      return 'done';
    }
    if (!found) return 'resend';
    this.opts.log.info('unknown send outcome settled from history: it had arrived', {});
    await this.settle(entry, found);
    return 'done';
  }

  private async afterFailure(attempt: OutboxEntry, e: unknown): Promise<'stop' | 'next'> {
    // Closing abandons the send: its outcome is unknown, and the entry stays 'sending' so the
    // next start settles it (against history where a resend could duplicate it).
    if (this.closed) return 'stop';
    const code = codeOf(e);
    if (code === 'offline') {
      // Nothing left the machine: queued again, sent on the next 'online'.
      await this.write({ ...attempt, state: 'queued' });
      return 'stop';
    }
    if (isTransient(code)) {
      // Outcome unknown: the entry stays 'sending' and the next try settles it first.
      this.scheduleRetry();
      return 'stop';
    }
    if (code === 'session-expired' || code === 'conflict' || code === 'not-signed-in') {
      // Refused before storing anything; the account's session is ending. Sent after a new sign-in.
      await this.write({ ...attempt, state: 'queued' });
      return 'stop';
    }
    await this.fail(attempt, messageOf(e));
    return 'next';
  }

  private scheduleRetry(): void {
    if (this.closed || this.retryTimer) return;
    const delay = this.retryDelay;
    this.retryDelay = Math.min(MAX_RETRY_DELAY_MS, this.retryDelay * 2);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.kick();
    }, delay);
    this.retryTimer.unref?.();
  }

  // ---- state changes ---------------------------------------------------------------------

  private async settle(entry: OutboxEntry, sent: MessageData): Promise<void> {
    const settled: OutboxEntry = {
      ...entry,
      state: 'sent',
      settledAt: this.now(),
      ...(sent.id ? { sent: { id: sent.id, sentAt: sent.sentAt } } : {}),
    };
    delete settled.error;
    await this.write(settled, false);
    if (entry.file) await this.staging.discard(entry.file.staged, this.opts.log);
    // Our nonce names the message even where the protocol's copy leaves it out.
    this.opts.reportSent({ ...sent, nonce: entry.nonce, senderId: this.opts.senderId });
    await this.prune();
  }

  private async fail(entry: OutboxEntry, reason: string): Promise<void> {
    this.opts.log.info('message failed', { reason });
    await this.write({ ...entry, state: 'failed', error: reason });
  }

  /** In memory at once; durable, then reported. */
  private write(entry: OutboxEntry, report = true): Promise<void> {
    const key = entryKey(entry.conversationId, entry.nonce);
    this.entries.set(key, entry);
    const written = this.journal.put(key, entry).then(() => {
      if (report) this.opts.report(this.view(entry));
    });
    this.durable.set(key, written);
    const forget = () => {
      if (this.durable.get(key) === written) this.durable.delete(key);
    };
    written.then(forget, forget);
    return written;
  }

  private async prune(): Promise<void> {
    const sent = [...this.entries].filter(([, e]) => e.state === 'sent');
    const cutoff = this.now() - KEEP_SENT_MS;
    const excess = sent.length - KEEP_SENT;
    for (const [i, [key, entry]] of sent.entries()) {
      if (i < excess || (entry.settledAt ?? 0) < cutoff) {
        this.entries.delete(key);
        await this.journal.remove(key);
      }
    }
  }

  private sentIdsIn(conversationId: Id): Id[] {
    const ids: Id[] = [];
    for (const e of this.entries.values()) if (e.conversationId === conversationId && e.sent) ids.push(e.sent.id);
    return ids;
  }

  private view(entry: OutboxEntry): Omit<Message, 'accountId'> {
    return {
      conversationId: entry.conversationId,
      nonce: entry.nonce,
      senderId: this.opts.senderId,
      kind: 'text',
      text: entry.text,
      sentAt: entry.sent?.sentAt ?? entry.createdAt,
      status: entry.state,
      ...(entry.sent ? { id: entry.sent.id } : {}),
      ...(entry.error !== undefined ? { error: entry.error } : {}),
      ...(entry.file ? { attachments: [stagedAttachment(entry.file)] } : {}),
    };
  }
}

function dimensions(f: { width?: number; height?: number }): { width?: number; height?: number } {
  return f.width && f.height ? { width: f.width, height: f.height } : {};
}

export function entryKey(conversationId: Id, nonce: string): string {
  return `${conversationId}|${nonce}`;
}

function codeOf(e: unknown): ErrorCode {
  return e instanceof ParleyError ? e.code : 'internal';
}

function messageOf(e: unknown): string {
  return e instanceof ParleyError ? e.message : 'Something went wrong inside Parley. The details are in the log.';
}

const STATES: readonly OutboxState[] = ['queued', 'sending', 'failed', 'sent'];

/** A journal line's entry, checked field by field: the file is ours, but disks and editors are not. */
function parseEntry(value: unknown): OutboxEntry | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const str = (x: unknown, max: number) => typeof x === 'string' && x.length > 0 && x.length <= max;
  if (!str(v.conversationId, 128) || !str(v.nonce, 64) || typeof v.text !== 'string' || v.text.length > 100_000) return null;
  if (typeof v.createdAt !== 'number' || !STATES.includes(v.state as OutboxState)) return null;
  const entry: OutboxEntry = {
    conversationId: v.conversationId as string,
    nonce: v.nonce as string,
    text: v.text,
    createdAt: v.createdAt,
    state: v.state as OutboxState,
  };
  if (typeof v.attemptAt === 'number') entry.attemptAt = v.attemptAt;
  if (typeof v.error === 'string') entry.error = v.error;
  if (typeof v.settledAt === 'number') entry.settledAt = v.settledAt;
  const sent = v.sent as Record<string, unknown> | undefined;
  if (sent && str(sent.id, 128) && typeof sent.sentAt === 'number') entry.sent = { id: sent.id as string, sentAt: sent.sentAt };
  if (v.file !== undefined) {
    const file = parseStagedFile(v.file);
    if (!file) return null;
    entry.file = file;
  }
  return entry;
}
