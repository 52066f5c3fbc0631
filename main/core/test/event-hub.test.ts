import { describe, expect, it } from 'vitest';
import type { ParleyEvent } from '../../../contract/events';
import { EventHub } from '../event-hub';
import { createMemoryLogger } from '../logger';

describe('EventHub', () => {
  it('delivers everything emitted in one turn as one batch, in order', async () => {
    const hub = new EventHub(createMemoryLogger());
    const batches: Array<readonly ParleyEvent[]> = [];
    hub.on((batch) => batches.push(batch));
    for (let i = 0; i < 2000; i++) {
      hub.emit('message.removed', { accountId: 'a', conversationId: 'c', messageId: String(i) });
    }
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toHaveLength(1);
    expect(batches[0]!.map((e) => (e.payload as { messageId: string }).messageId)).toEqual(
      Array.from({ length: 2000 }, (_, i) => String(i)),
    );
    hub.emit('unread.changed', { total: 1, byAccount: {} });
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toHaveLength(2);
  });

  it('a listener that throws does not keep the batch from the others', async () => {
    const log = createMemoryLogger();
    const hub = new EventHub(log, (flush) => flush());
    const heard: number[] = [];
    hub.on(() => {
      throw new Error('boom');
    });
    hub.on((batch) => heard.push(batch.length));
    hub.emit('unread.changed', { total: 1, byAccount: {} });
    expect(heard).toEqual([1]);
    expect(log.lines.join('\n')).toMatch(/listener failed/);
  });
});
