// Batched pushes (server/PROTOCOL.md, Batched pushes): the adapter asks for them at connect
// and handles a `batch` exactly as its pushes one by one, in order.

import { afterEach, describe, expect, it } from 'vitest';
import type { AdapterSession } from '../../../core/adapter';
import { createMemoryLogger } from '../../../core/logger';
import { NetaloAdapter } from '../adapter';
import { fakeNetaloServer } from './fake-netalo-server';
import { nextState, record } from './helpers';

const ME = '1152921504606846977';
const PEER = '1152921504606846978';
const GROUP = '1152921504606847000';

const message = (n: number) => ({
  message_id: String(273644758776201233n + BigInt(n)),
  group_id: GROUP,
  type: 1,
  message: `m${n}`,
  sender_uin: PEER,
  sender_name: 'Bob',
  nonce: `n-${n}`,
  version: 0,
  status: 1,
  created_at: 1_700_000_000_000_000 + n,
});

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function online() {
  const fake = await fakeNetaloServer({ result: 0, uin: ME });
  const log = createMemoryLogger();
  const session: AdapterSession = { protocol: 'netalo', serverUrl: fake.url, userId: ME, username: 'me', displayName: 'Me', secret: { version: 1, value: 'f'.repeat(64) } };
  const adapter = new NetaloAdapter(session, log, {});
  cleanups.push(() => fake.close(), () => adapter.close());
  const isOnline = nextState(adapter, 'online');
  adapter.connect();
  const socket = await fake.nextSocket();
  await isOnline;
  return { socket, adapter, log };
}

describe('NetaloAdapter: batched pushes', () => {
  it('asks for batches at connect', async () => {
    const { socket } = await online();
    expect(socket.handshake.query.parley_batch).toBe('1');
  });

  it('handles a batch as its pushes one by one, in order, skipping what it cannot use', async () => {
    const { socket, adapter, log } = await online();
    const events = record(adapter);
    const last = new Promise<void>((resolve) =>
      adapter.onEvent((e) => {
        if (e.type === 'message' && e.message.text === 'm2') resolve();
      }),
    );
    socket.emit('batch', [
      ['message', message(0)],
      ['no_such_event', { anything: true }], // ignored, as if pushed alone
      'not an entry',
      ['message', { message: 'missing fields' }], // dropped as a malformed push
      ['delete_group', { group_id: '1152921504606847001' }],
      ['message', message(1)],
    ]);
    socket.emit('message', message(2)); // a single push after the batch still comes after it
    await last;
    const seen = events.filter((e) => e.type !== 'connection').map((e) => (e.type === 'message' ? e.message.text : e.type));
    expect(seen).toEqual(['m0', 'conversation-removed', 'm1', 'm2']);
    expect(log.lines.filter((l) => l.includes('dropped malformed push') && l.includes('"event":"message"'))).toHaveLength(1);
  });

  it('drops a batch that is not a list, and keeps working', async () => {
    const { socket, adapter, log } = await online();
    const next = new Promise<string>((resolve) => adapter.onEvent((e) => e.type === 'message' && resolve(e.message.text)));
    socket.emit('batch', { message: message(0) });
    socket.emit('batch', [['message', message(3)]]);
    await expect(next).resolves.toBe('m3');
    expect(log.lines.some((l) => l.includes('dropped malformed push') && l.includes('"event":"batch"'))).toBe(true);
  });
});
