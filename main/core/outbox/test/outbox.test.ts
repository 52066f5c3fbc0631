import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Message } from '../../../../contract/domain';
import { ParleyError } from '../../../../contract/errors';
import type { MessageData, SendConfirmation } from '../../adapter';
import { createMemoryLogger } from '../../logger';
import { FakeAdapter, fakeCapabilities, fakeSession } from '../../test/fake-adapter';
import { tempDirsForFile } from '../../test/temp-dirs';
import { Outbox } from '../outbox';

const ME = fakeSession().userId;

const tempDir = tempDirsForFile();

async function setup(opts: { confirmation?: SendConfirmation; dir?: string; adapter?: FakeAdapter; clockStart?: number } = {}) {
  const dir = opts.dir ?? tempDir('outbox');
  const adapter = opts.adapter ?? new FakeAdapter(fakeSession(), fakeCapabilities);
  adapter.sendConfirmation = opts.confirmation ?? 'nonce';
  adapter.connect();
  const reports: Array<Omit<Message, 'accountId'>> = [];
  const sent: MessageData[] = [];
  let clock = opts.clockStart ?? 1_000;
  const outbox = await Outbox.open({
    adapter,
    senderId: ME,
    journalPath: join(dir, 'outbox.jsonl'),
    log: createMemoryLogger(),
    report: (m) => reports.push(m),
    reportSent: (m) => sent.push(m),
    now: () => (clock += 1),
    retryDelayMs: 1,
  });
  const statuses = (nonce: string) => reports.filter((r) => r.nonce === nonce).map((r) => r.status);
  return { dir, adapter, outbox, reports, sent, statuses };
}

const timeout = () => Promise.reject(new ParleyError('timeout', 'no answer'));

describe('Outbox', () => {
  it('is on disk before enqueue resolves, and sends nothing while offline', async () => {
    const { dir, outbox, adapter } = await setup();
    const queued = await outbox.enqueue({ conversationId: 'c1', text: 'hello', nonce: 'nonce-0001' });
    expect(queued).toMatchObject({ status: 'queued', nonce: 'nonce-0001', senderId: ME, text: 'hello' });
    expect(readFileSync(join(dir, 'outbox.jsonl'), 'utf8')).toContain('nonce-0001');
    expect(adapter.sent).toHaveLength(0);
  });

  it('sends in order, one at a time, once online, reporting queued → sending → sent', async () => {
    const { outbox, adapter, sent, statuses } = await setup();
    for (const n of ['nonce-0001', 'nonce-0002', 'nonce-0003']) await outbox.enqueue({ conversationId: 'c1', text: n, nonce: n });
    outbox.setOnline(true);
    await outbox.idle();
    expect(adapter.sent.map((s) => s.nonce)).toEqual(['nonce-0001', 'nonce-0002', 'nonce-0003']);
    expect(statuses('nonce-0001')).toEqual(['queued', 'sending']);
    expect(sent.map((m) => [m.nonce, m.status, m.senderId])).toEqual([
      ['nonce-0001', 'sent', ME],
      ['nonce-0002', 'sent', ME],
      ['nonce-0003', 'sent', ME],
    ]);
    expect(outbox.pending().map((m) => m.status)).toEqual(['sent', 'sent', 'sent']);
  });

  it('the same nonce twice is one message', async () => {
    const { outbox, adapter } = await setup();
    await outbox.enqueue({ conversationId: 'c1', text: 'once', nonce: 'nonce-0001' });
    await outbox.enqueue({ conversationId: 'c1', text: 'once', nonce: 'nonce-0001' });
    outbox.setOnline(true);
    await outbox.idle();
    expect(adapter.sent).toHaveLength(1);
  });

  it("'offline' from the adapter (nothing left the machine) queues it again for the next online", async () => {
    const { outbox, adapter, statuses } = await setup();
    adapter.sendBehaviour = () => Promise.reject(new ParleyError('offline', 'Not connected'));
    await outbox.enqueue({ conversationId: 'c1', text: 'hi', nonce: 'nonce-0001' });
    outbox.setOnline(true);
    await outbox.idle();
    expect(statuses('nonce-0001').at(-1)).toBe('queued');
    adapter.sendBehaviour = (req) => ({ conversationId: req.conversationId, id: '9', senderId: ME, kind: 'text', text: req.text, sentAt: 5, status: 'sent' });
    outbox.setOnline(true);
    await outbox.idle();
    expect(outbox.pending()[0]).toMatchObject({ status: 'sent', id: '9' });
  });

  it('a refusal fails the message with the reason; retry sends it again with the same nonce', async () => {
    const { outbox, adapter, statuses } = await setup();
    adapter.sendBehaviour = () => Promise.reject(new ParleyError('forbidden', 'you are not a member of this group'));
    await outbox.enqueue({ conversationId: 'c1', text: 'hi', nonce: 'nonce-0001' });
    await outbox.enqueue({ conversationId: 'c1', text: 'next', nonce: 'nonce-0002' });
    outbox.setOnline(true);
    await outbox.idle();
    expect(outbox.pending().map((m) => [m.nonce, m.status, m.error])).toEqual([
      ['nonce-0001', 'failed', 'you are not a member of this group'],
      ['nonce-0002', 'failed', 'you are not a member of this group'],
    ]);
    adapter.sendBehaviour = (req) => ({ conversationId: req.conversationId, id: '7', senderId: ME, kind: 'text', text: req.text, sentAt: 5, status: 'sent' });
    await outbox.retry('c1', 'nonce-0001');
    await outbox.idle();
    expect(statuses('nonce-0001').slice(-2)).toEqual(['queued', 'sending']);
    expect(adapter.sent.filter((s) => s.nonce === 'nonce-0001')).toHaveLength(2);
    expect(outbox.pending()[0]).toMatchObject({ status: 'sent', id: '7' });
  });

  it('nonce protocol: after a timeout it simply sends again (the server deduplicates)', async () => {
    const { outbox, adapter } = await setup({ confirmation: 'nonce' });
    let calls = 0;
    adapter.sendBehaviour = (req) =>
      ++calls === 1 ? timeout() : { conversationId: req.conversationId, id: '1', senderId: ME, kind: 'text', text: req.text, sentAt: 5, status: 'sent', nonce: req.nonce };
    await outbox.enqueue({ conversationId: 'c1', text: 'hi', nonce: 'nonce-0001' });
    outbox.setOnline(true);
    await until(() => outbox.pending()[0]?.status === 'sent');
    expect(adapter.sent.map((s) => s.nonce)).toEqual(['nonce-0001', 'nonce-0001']);
    expect(adapter.findCalls).toHaveLength(0);
  });

  it('echo protocol: after a timeout it looks in history first and never resends what arrived', async () => {
    const { outbox, adapter, sent } = await setup({ confirmation: 'echo' });
    adapter.sendBehaviour = (req) => {
      // The server stored it; the echo is lost on the way back.
      adapter.history.push({ conversationId: req.conversationId, id: '41', senderId: ME, kind: 'text', text: req.text, sentAt: 5, status: 'sent' });
      return timeout();
    };
    await outbox.enqueue({ conversationId: 'c1', text: 'exactly once', nonce: 'nonce-0001' });
    outbox.setOnline(true);
    await until(() => sent.length === 1);
    expect(adapter.sent).toHaveLength(1);
    expect(adapter.findCalls).toEqual([{ conversationId: 'c1', text: 'exactly once' }]);
    expect(sent[0]).toMatchObject({ id: '41', nonce: 'nonce-0001' });
  });

  it('echo protocol: after a timeout, a message history does not have is sent again', async () => {
    const { outbox, adapter } = await setup({ confirmation: 'echo' });
    let calls = 0;
    adapter.sendBehaviour = (req) =>
      ++calls === 1 ? timeout() : { conversationId: req.conversationId, id: '2', senderId: ME, kind: 'text', text: req.text, sentAt: 5, status: 'sent' };
    await outbox.enqueue({ conversationId: 'c1', text: 'lost on the way out', nonce: 'nonce-0001' });
    outbox.setOnline(true);
    await until(() => outbox.pending()[0]?.status === 'sent');
    expect(adapter.sent).toHaveLength(2);
    expect(adapter.findCalls).toHaveLength(1);
  });

  it('echo protocol without a history search: an unknown outcome fails with an explanation, never a blind resend', async () => {
    const adapter = new FakeAdapter(fakeSession(), fakeCapabilities);
    (adapter as { findSentMessage?: unknown }).findSentMessage = undefined;
    const { outbox } = await setup({ confirmation: 'ack', adapter });
    adapter.sendBehaviour = timeout;
    await outbox.enqueue({ conversationId: 'c1', text: 'hi', nonce: 'nonce-0001' });
    outbox.setOnline(true);
    await until(() => outbox.pending()[0]?.status === 'failed');
    expect(adapter.sent).toHaveLength(1);
    expect(outbox.pending()[0]?.error).toMatch(/could not confirm/);
  });

  it('after a restart mid-send, an echo protocol settles against history; a nonce protocol resends', async () => {
    for (const [confirmation, expectedSends] of [['echo', 0], ['nonce', 1]] as const) {
      const first = await setup({ confirmation });
      first.adapter.sendBehaviour = () => new Promise<MessageData>(() => undefined); // the app dies mid-send
      await first.outbox.enqueue({ conversationId: 'c1', text: 'survives', nonce: 'nonce-0001' });
      first.outbox.setOnline(true);
      await until(() => first.adapter.sent.length === 1);
      expect(first.outbox.pending()[0]?.status).toBe('sending');

      const adapter = new FakeAdapter(fakeSession(), fakeCapabilities);
      adapter.history.push({ conversationId: 'c1', id: '77', senderId: ME, kind: 'text', text: 'survives', sentAt: 5, status: 'sent' });
      const second = await setup({ confirmation, dir: first.dir, adapter });
      expect(second.outbox.pending()[0]?.status).toBe('sending');
      second.outbox.setOnline(true);
      await until(() => second.outbox.pending()[0]?.status === 'sent');
      expect(adapter.sent, confirmation).toHaveLength(expectedSends);
    }
  });

  it('online, the send leaves without waiting for the disk; the entry is journalled as sending (never queued), so a crash then never resends blindly', async () => {
    const first = await setup({ confirmation: 'echo' });
    first.adapter.sendBehaviour = () => new Promise<MessageData>(() => undefined); // the app dies mid-send
    first.outbox.setOnline(true);
    await first.outbox.idle();
    const queued = first.outbox.enqueue({ conversationId: 'c1', text: 'fast', nonce: 'nonce-0001' });
    // Handed to the adapter in the same turn as the enqueue, before any disk write finished.
    expect(first.adapter.sent.map((s) => s.nonce)).toEqual(['nonce-0001']);
    expect(await queued).toMatchObject({ status: 'sending', nonce: 'nonce-0001' });
    // enqueue answered: the entry is on disk, and its only line says 'sending'.
    const lines = readFileSync(join(first.dir, 'outbox.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { entry: { state: string } });
    expect(lines.map((l) => l.entry.state)).toEqual(['sending']);

    const adapter = new FakeAdapter(fakeSession(), fakeCapabilities);
    adapter.history.push({ conversationId: 'c1', id: '78', senderId: ME, kind: 'text', text: 'fast', sentAt: 5, status: 'sent' });
    const second = await setup({ confirmation: 'echo', dir: first.dir, adapter });
    second.outbox.setOnline(true);
    await until(() => second.outbox.pending()[0]?.status === 'sent');
    expect(adapter.findCalls).toHaveLength(1);
    expect(adapter.sent).toHaveLength(0);
  });

  it('an echo of our own message without a nonce settles the entry being sent, and gets our nonce', async () => {
    const { outbox, adapter } = await setup({ confirmation: 'echo' });
    adapter.sendBehaviour = () => new Promise<MessageData>(() => undefined);
    await outbox.enqueue({ conversationId: 'c1', text: 'echo me', nonce: 'nonce-0001' });
    outbox.setOnline(true);
    await until(() => adapter.sent.length === 1);
    const echoed = await outbox.matchEcho({ conversationId: 'c1', id: '5', senderId: ME, kind: 'text', text: 'echo me', sentAt: 9, status: 'sent' });
    expect(echoed.nonce).toBe('nonce-0001');
    expect(outbox.pending()[0]).toMatchObject({ status: 'sent', id: '5' });
    const other = await outbox.matchEcho({ conversationId: 'c1', id: '6', senderId: '2', kind: 'text', text: 'echo me', sentAt: 9, status: 'sent' });
    expect(other.nonce).toBeUndefined();
  });

  it('a history page fetched while a send is under way: its copy of the send gets our nonce and settles it; an older message with the same text does not', async () => {
    const now = Date.UTC(2026, 11, 2, 12);
    const { outbox, adapter } = await setup({ confirmation: 'echo', clockStart: now });
    adapter.sendBehaviour = () => new Promise<MessageData>(() => undefined);
    await outbox.enqueue({ conversationId: 'c1', text: 'ok', nonce: 'nonce-0001' });
    outbox.setOnline(true);
    await until(() => adapter.sent.length === 1);
    const yesterday = await outbox.matchEcho(
      { conversationId: 'c1', id: '4', senderId: ME, kind: 'text', text: 'ok', sentAt: now - 24 * 3600_000, status: 'sent' },
      { fromHistory: true },
    );
    expect(yesterday.nonce).toBeUndefined();
    expect(outbox.pending()[0]?.status).toBe('sending');
    // The server's clock a little behind ours still matches.
    const copy = await outbox.matchEcho({ conversationId: 'c1', id: '5', senderId: ME, kind: 'text', text: 'ok', sentAt: now - 2_000, status: 'sent' }, { fromHistory: true });
    expect(copy.nonce).toBe('nonce-0001');
    expect(outbox.pending()[0]).toMatchObject({ status: 'sent', id: '5' });
  });

  it('a send that fails after a copy of it settled the entry leaves it sent, not failed', async () => {
    const { outbox, adapter } = await setup({ confirmation: 'echo' });
    let refuse: (e: Error) => void = () => undefined;
    adapter.sendBehaviour = () => new Promise<MessageData>((_resolve, reject) => (refuse = reject));
    await outbox.enqueue({ conversationId: 'c1', text: 'once', nonce: 'nonce-0001' });
    outbox.setOnline(true);
    await until(() => adapter.sent.length === 1);
    await outbox.matchEcho({ conversationId: 'c1', id: '5', senderId: ME, kind: 'text', text: 'once', sentAt: 9, status: 'sent' });
    refuse(new ParleyError('server-error', 'refused late'));
    await outbox.idle();
    expect(outbox.pending()[0]).toMatchObject({ status: 'sent', id: '5' });
    expect(adapter.sent).toHaveLength(1);
  });

  it('a second copy of a message already sent (another socket’s echo, a resync) gets our nonce too', async () => {
    const { outbox, adapter } = await setup({ confirmation: 'echo' });
    await outbox.enqueue({ conversationId: 'c1', text: 'once', nonce: 'nonce-0001' });
    outbox.setOnline(true);
    await until(() => outbox.pending()[0]?.status === 'sent');
    const id = outbox.pending()[0]!.id!;
    expect(adapter.sent).toHaveLength(1);
    const copy = await outbox.matchEcho({ conversationId: 'c1', id, senderId: ME, kind: 'text', text: 'once', sentAt: 9, status: 'sent' });
    expect(copy.nonce).toBe('nonce-0001');
    const elsewhere = await outbox.matchEcho({ conversationId: 'c2', id, senderId: ME, kind: 'text', text: 'once', sentAt: 9, status: 'sent' });
    expect(elsewhere.nonce).toBeUndefined();
  });

  it('skips a torn last journal line (a crash mid-append) and keeps everything before it', async () => {
    const first = await setup();
    await first.outbox.enqueue({ conversationId: 'c1', text: 'kept', nonce: 'nonce-0001' });
    await first.outbox.close();
    appendFileSync(join(first.dir, 'outbox.jsonl'), '{"op":"put","key":"c1|nonce-00');
    const second = await setup({ dir: first.dir });
    expect(second.outbox.pending().map((m) => m.text)).toEqual(['kept']);
  });
});

/** Waits for the outbox's own progress (each step is an awaited promise; no timers involved but the retry's 1 ms). */
/**
 * Waits for the outbox to get there, however long its fsyncs take on a loaded machine (a
 * fixed number of turns was a hidden timeout: flaky under load); the test's own timeout is
 * the only limit.
 */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 2));
}
