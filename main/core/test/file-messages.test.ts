// Files end to end through main, with no renderer: the real core and Netalo adapter, the
// real reference server (files on disk). Alice's core stages, uploads and sends; Bob's core
// receives the description and fetches the bytes through his own session, on first use.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AccountStatus, Conversation, Message } from '../../../contract/domain';
import { ParleyError } from '../../../contract/errors';
import type { ParleyEvent } from '../../../contract/events';
import { FILES_DIR } from '../../../server/files/file-store';
import { startServer, type RunningServer } from '../../../server/start-server';
import { protocolFactories } from '../../protocols/registry';
import type { ProtocolAdapter, ProtocolAdapterFactory, SendRequest } from '../adapter';
import { createMemoryLogger } from '../logger';
import { isOnline, startCore, type CoreUnderTest } from './core-harness';
import { tempDirsForFile } from './temp-dirs';

const tempDir = tempDirsForFile();
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360f8cfc0f01f0005000201e227dd4b0000000049454e44ae426082',
  'hex',
);
let server: RunningServer;
let serverDir: string;
const cleanups: Array<() => unknown> = [];

beforeAll(async () => {
  serverDir = tempDir('files-srv');
  server = await startServer({ port: 0, dataDir: serverDir, demo: true, largeIds: true, log: createMemoryLogger() });
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
afterAll(async () => {
  await server?.close();
});

const netalo = protocolFactories.find((f) => f.protocol === 'netalo')!;
const storedFiles = () => readdirSync(join(serverDir, FILES_DIR)).filter((f) => !f.startsWith('.'));
const sentWithNonce = (nonce: string) => (e: ParleyEvent) =>
  e.name === 'message.upserted' && e.payload.message.nonce === nonce && e.payload.message.status === 'sent' && e.payload.message.id !== undefined;

async function signedIn(user: 'alice' | 'bob', factories: readonly ProtocolAdapterFactory[] = protocolFactories, dataDir = tempDir(user)) {
  const core = await startCore(dataDir, factories);
  cleanups.push(() => core.stop());
  const status = await core.call<AccountStatus>('session.signIn', { protocol: 'netalo', serverUrl: server.url, username: user, password: `${user}-parley` });
  await core.waitFor(isOnline(status.account.id));
  return { core, accountId: status.account.id, userId: status.account.userId, dataDir };
}

async function conversationOf(a: { core: CoreUnderTest; accountId: string }, peerId: string): Promise<Conversation> {
  return a.core.call<Conversation>('conversations.openDirect', { accountId: a.accountId, userId: peerId });
}

describe('file messages through main (Netalo)', () => {
  it('alice sends an image: staged, uploaded with progress, sent; bob receives it and his core fetches the same bytes', async () => {
    const alice = await signedIn('alice');
    const bob = await signedIn('bob');
    const conversation = await conversationOf(alice, bob.userId);
    const queued = await alice.core.call<Message>('messages.sendFile', {
      accountId: alice.accountId,
      conversationId: conversation.id,
      nonce: 'file-send-0001',
      name: 'dot.png',
      mimeType: 'image/png',
      bytes: new Uint8Array(PNG),
      caption: 'a dot',
      width: 1,
      height: 1,
    });
    // The sender sees it at once, with a preview from the host.
    expect(queued.attachments?.[0]).toMatchObject({ kind: 'image', name: 'dot.png', size: PNG.length, width: 1, height: 1, url: expect.stringMatching(/^\/attachments\//) });
    await alice.core.waitFor(sentWithNonce('file-send-0001'));
    const progress = alice.core.seen.filter((e) => e.name === 'upload.progress').map((e) => e.payload);
    expect(progress.at(-1)).toMatchObject({ accountId: alice.accountId, nonce: 'file-send-0001', sent: PNG.length, total: PNG.length });

    const arrived = await bob.core.waitFor(
      (e) => e.name === 'message.upserted' && e.payload.message.nonce === 'file-send-0001' && (e.payload.message.attachments?.length ?? 0) > 0,
    );
    const message = (arrived as Extract<ParleyEvent, { name: 'message.upserted' }>).payload.message;
    expect(message.text).toBe('a dot');
    const attachment = message.attachments![0]!;
    expect(attachment).toMatchObject({ kind: 'image', name: 'dot.png', mimeType: 'image/png', size: PNG.length, width: 1, height: 1 });
    // Only a host URL reaches the renderer: never the server's.
    expect(attachment.url).toMatch(/^\/attachments\/[0-9a-f]{32}$/);
    const file = await bob.core.core.attachments.open(attachment.url!.slice('/attachments/'.length));
    const { readFile } = await import('node:fs/promises');
    expect(Buffer.from(await readFile(file!.path))).toEqual(PNG);
  });

  it('refuses a file over the limit or of a refused type before anything is uploaded', async () => {
    const alice = await signedIn('alice');
    const bob = await signedIn('bob');
    const conversation = await conversationOf(alice, bob.userId);
    const before = storedFiles().length;
    const limit = alice.core.core.runtime(alice.accountId)!.capabilities.attachmentLimits!.maxBytes;
    const send = (name: string, mimeType: string, bytes: Uint8Array) =>
      alice.core.core.dispatch('messages.sendFile', { accountId: alice.accountId, conversationId: conversation.id, nonce: `refused-${name.length}-000`, name, mimeType, bytes });
    const big = await send('big.bin', 'application/octet-stream', new Uint8Array(limit + 1));
    expect(big).toMatchObject({ ok: false, error: { code: 'invalid-argument', message: expect.stringContaining('files can be at most 25.0 MB') } });
    const html = await send('page.html', 'text/html', new TextEncoder().encode('<script>1</script>'));
    expect(html).toMatchObject({ ok: false, error: { code: 'invalid-argument', message: expect.stringContaining('text/html are not accepted') } });
    expect(storedFiles().length).toBe(before);
    expect(alice.core.seen.some((e) => e.name === 'upload.progress')).toBe(false);
  });

  it('a crash between upload and send: the restart sends once, without uploading again', async () => {
    const bob = await signedIn('bob');
    let lostAck: () => void = () => undefined;
    const ackLost = new Promise<void>((resolve) => (lostAck = resolve));
    // Alice's first run: the file message reaches the server, but its answer is "lost".
    const losing: ProtocolAdapterFactory = {
      ...netalo,
      signIn: (c) => netalo.signIn(c),
      create: (session, log) => {
        const real = netalo.create(session, log);
        return new Proxy(real, {
          get(target, prop) {
            if (prop === 'sendMessage') {
              return async (req: SendRequest) => {
                const sent = await target.sendMessage(req);
                if (!req.attachments?.length) return sent;
                lostAck();
                throw new ParleyError('timeout', 'the answer was lost');
              };
            }
            const value = Reflect.get(target, prop, target) as unknown;
            return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
          },
        }) as ProtocolAdapter;
      },
    };
    const first = await signedIn('alice', [losing]);
    const conversation = await conversationOf(first, bob.userId);
    const before = storedFiles().length;
    await first.core.call('messages.sendFile', {
      accountId: first.accountId,
      conversationId: conversation.id,
      nonce: 'file-crash-0001',
      name: 'notes.txt',
      mimeType: 'text/plain',
      bytes: new TextEncoder().encode('once only'),
    });
    await ackLost;
    await first.core.stop();
    expect(storedFiles().length).toBe(before + 1);

    const second = await startCore(first.dataDir);
    cleanups.push(() => second.stop());
    await second.waitFor(sentWithNonce('file-crash-0001'));
    // Uploaded once, sent once.
    expect(storedFiles().length).toBe(before + 1);
    const history = await bob.core.call<{ items: Message[] }>('messages.list', { accountId: bob.accountId, conversationId: conversation.id, limit: 50 });
    const copies = history.items.filter((m) => m.nonce === 'file-crash-0001');
    expect(copies).toHaveLength(1);
    expect(copies[0]!.attachments?.[0]).toMatchObject({ kind: 'file', name: 'notes.txt', mimeType: 'text/plain', size: 9 });
  });

  it('cancel stops an upload: the message is failed ("Upload cancelled."), nothing is stored or sent', async () => {
    const alice = await signedIn('alice');
    const bob = await signedIn('bob');
    const conversation = await conversationOf(alice, bob.userId);
    // Offline keeps it queued, so the cancel reaches it before any upload starts.
    const runtime = alice.core.core.runtime(alice.accountId)!;
    runtime.outbox.setOnline(false);
    const before = storedFiles().length;
    await alice.core.call('messages.sendFile', {
      accountId: alice.accountId,
      conversationId: conversation.id,
      nonce: 'file-cancel-001',
      name: 'x.txt',
      mimeType: 'text/plain',
      bytes: new TextEncoder().encode('never'),
    });
    await alice.core.call('messages.cancelUpload', { accountId: alice.accountId, conversationId: conversation.id, nonce: 'file-cancel-001' });
    await alice.core.waitFor((e) => e.name === 'message.upserted' && e.payload.message.nonce === 'file-cancel-001' && e.payload.message.status === 'failed');
    runtime.outbox.setOnline(true);
    await runtime.outbox.idle();
    expect(storedFiles().length).toBe(before);
    expect(alice.core.seen.some(sentWithNonce('file-cancel-001'))).toBe(false);
  });
});
