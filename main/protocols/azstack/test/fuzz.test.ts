// Property-based fuzzing of what the AZStack adapter decodes (fast-check): WebPacket envelopes
// and bodies against every service's schema, then hostile packets pushed at a live adapter
// through the FAKE server (fake-azstack-server.ts). Nothing throws out of a decoder or a
// handler, a rejected packet is dropped and logged without its content, and the adapter still
// works afterwards.

import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { FuzzCounter, fuzzOptions, hostileString, hostileValue, mutated, SECRET, watchedLogger } from '../../test/fuzz-support';
import { AzstackAdapter } from '../adapter';
import * as wire from '../wire';
import { startFakeAzstack } from './fake-azstack-server';

const counter = new FuzzCounter();
afterAll(() => console.log(counter.summary('azstack')));

const SCHEMAS: Record<number, z.ZodType<unknown>> = {
  [wire.S.master]: wire.masterSchema,
  [wire.S.signedIn]: wire.signedInSchema,
  [wire.S.textIn]: wire.textInSchema,
  [wire.S.ownText]: wire.ownTextSchema,
  [wire.S.text]: wire.sendAckSchema,
  [wire.S.sticker]: wire.mediaInSchema,
  [wire.S.groupMessageIn]: wire.groupMessageInSchema,
  [wire.S.delivered]: wire.deliveredInSchema,
  [wire.S.groupDelivered]: wire.groupDeliveredInSchema,
  [wire.S.seen]: wire.seenInSchema,
  [wire.S.recall]: wire.recallInSchema,
  [wire.S.groupRecall]: wire.groupRecallInSchema,
  [wire.S.typing]: wire.typingInSchema,
  [wire.S.conversations]: wire.conversationsAckSchema,
  [wire.S.history]: wire.historyAckSchema,
  [wire.S.userInfo]: wire.userInfoAckSchema,
  [wire.S.groupCreated]: wire.groupCreatedSchema,
  [wire.S.invited]: wire.invitedSchema,
  [wire.S.left]: wire.leftSchema,
  [wire.S.renamed]: wire.renamedSchema,
  [wire.S.adminChanged]: wire.adminChangedSchema,
  [wire.S.groupDetails]: wire.groupDetailsSchema,
  [wire.S.callOffer]: wire.callOfferSchema,
  [wire.S.callData]: wire.callDataSchema,
  [wire.S.callStatus]: wire.callStatusSchema,
};
const SERVICES = Object.keys(SCHEMAS).map(Number);

const azId = fc.integer({ min: 1, max: 2 ** 31 });
const secretText = fc.string({ maxLength: 40 }).map((s) => s + SECRET);
const validBody = fc.oneof(
  fc.record({ from: azId, msgId: azId, time: fc.nat(), msg: secretText }),
  fc.record({ group: azId, from: azId, msgId: azId, created: fc.nat(), msg: secretText }),
  fc.record({ type: fc.constantFrom(1, 2), chatId: azId, from: azId, senderId: azId, msgId: azId }),
  fc.record({ callId: azId, mediaType: fc.constantFrom(1, 2), from: azId, to: azId, sdp: fc.record({ type: fc.constant('offer'), sdp: secretText }) }),
  fc.record({ callId: azId, from: azId, to: azId, type: fc.constantFrom(1, 2), data: fc.record({ sdpMid: fc.constant('0'), sdpMLineIndex: fc.nat(4), sdp: secretText }) }),
  fc.record({ type: fc.constantFrom(1, 2), chatId: azId, done: fc.constantFrom(0, 1), page: fc.nat(3), list: fc.array(fc.record({ senderId: azId, msgId: azId, created: fc.nat(), serviceType: fc.constant(5), msg: secretText }), { maxLength: 3 }) }),
);

/** A body as it travels: JSON text (of a mutated valid body or anything), or something that is not text at all. */
const bodyText: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: mutated(validBody as fc.Arbitrary<Record<string, unknown>>).map(safeJson), weight: 4 },
  { arbitrary: hostileValue.map(safeJson), weight: 2 },
  { arbitrary: hostileString, weight: 1 },
  { arbitrary: hostileValue, weight: 1 },
);
const envelope: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.record({ service: fc.constantFrom(...SERVICES, 1, 9999), body: bodyText }), weight: 6 },
  { arbitrary: hostileValue, weight: 1 },
);

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'null';
  } catch {
    return `{"broken":"${SECRET}"`;
  }
}

describe('AZStack packets (wire.ts)', () => {
  it('never throw on any envelope or body, and never log content', () => {
    const log = watchedLogger();
    fc.assert(
      fc.property(
        envelope,
        counter.count('envelopes x schemas', (raw) => {
          log.clear();
          const packet = wire.decodePacket(raw, log);
          if (packet) {
            const schema = SCHEMAS[packet.service];
            if (schema) wire.decodeBody(packet.service, schema, packet.body, log);
          }
          expect(log.leaked(), log.lines.join('\n')).toBe(false);
        }),
      ),
      fuzzOptions(3000),
    );
  });

  it('IDs are JSON numbers or digits within what a double holds exactly', () => {
    fc.assert(
      fc.property(
        hostileValue,
        counter.count('ids', (raw) => {
          const parsed = wire.azId.safeParse(raw);
          if (parsed.success) expect(Number.isSafeInteger(parsed.data) && parsed.data >= 0).toBe(true);
        }),
      ),
      fuzzOptions(2000),
    );
  });
});

describe('AZStack adapter under hostile packets (FAKE server)', () => {
  it('handles hundreds of them without a crash or a leak, and still sends', async () => {
    const fake = await startFakeAzstack();
    const log = watchedLogger();
    const adapter = new AzstackAdapter(
      { protocol: 'azstack', serverUrl: fake.url, userId: '1', username: 'alice', displayName: 'Alice', secret: { version: 1, value: JSON.stringify({ appId: 'app', publicKey: fake.publicKey, username: 'alice', password: 'right' }) } },
      log,
    );
    try {
      const online = new Promise<void>((resolve) => adapter.onEvent((e) => e.type === 'connection' && e.state === 'online' && resolve()));
      adapter.connect();
      await online;
      // Strings only on the socket: socket.io would carry Maps and BigInts differently anyway.
      const packets = fc.sample(fc.record({ service: fc.constantFrom(...SERVICES, 9999), body: bodyText.map((b) => (typeof b === 'string' ? b : safeJson(b))) }), { numRuns: 300, seed: 7 });
      for (const p of packets) fake.push(p);
      const sent = await adapter.sendMessage({ conversationId: 'u:2', text: 'still here', nonce: 'n-30000001' });
      expect(sent.text).toBe('still here');
      expect(log.leaked(), log.lines.filter((l) => l.includes(SECRET)).join('\n')).toBe(false);
    } finally {
      adapter.close();
      await fake.close();
    }
  });
});
