// Property-based fuzzing of what the Mingdao adapter decodes (fast-check): every pushed
// event's schema against valid, mutated and hostile payloads, the session items, the acks,
// times and conversation IDs. Nothing throws out of a decoder, a rejected payload is
// logged without its content, and a valid message maps to Parley's model with string IDs.

import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ParleyError } from '../../../../contract/errors';
import { FuzzCounter, fuzzOptions, hostileValue, mutated, SECRET, watchedLogger } from '../../test/fuzz-support';
import * as wire from '../wire';

const counter = new FuzzCounter();
afterAll(() => console.log(counter.summary('mingdao')));

const SCHEMAS = {
  'new message': wire.newMessageSchema,
  session: wire.sessionItemSchema,
  'withdraw message': wire.withdrawSchema,
  'sticky on top': wire.stickySchema,
  'clear unread': wire.clearUnreadSchema,
  'shake shake': wire.userShakeSchema,
  'group shake': wire.groupShakeSchema,
  'new group': wire.newGroupSchema,
  'group member added': wire.memberAddedSchema,
  'group renamed': wire.groupRenamedSchema,
  'group member removed': wire.memberRemovedSchema,
  'set group notice': wire.groupNoticeSchema,
  'session removed': wire.sessionRemovedSchema,
  'ban speak': wire.speakSchema,
  'new inbox message': wire.inboxMessageSchema,
  login: wire.loginAnswerSchema,
  'send ack': wire.sendAnswerSchema,
  ack: wire.ackErrorSchema,
} as const;
const eventName = fc.constantFrom(...(Object.keys(SCHEMAS) as Array<keyof typeof SCHEMAS>));

const mdId = fc.oneof(fc.stringMatching(/^[0-9]{1,20}$/), fc.uuid(), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }));
const time = fc.oneof(fc.integer({ min: 1e12, max: 4e12 }), fc.date({ noInvalidDate: true, min: new Date('1990-01-01'), max: new Date('2100-01-01') }).map((d) => d.toISOString()));
const newMessage = fc.record({
  id: mdId,
  from: mdId,
  uname: fc.string({ maxLength: 20 }),
  to: mdId,
  type: fc.integer({ min: 1, max: 6 }),
  msg: fc.record({ con: fc.string({ maxLength: 60 }).map((s) => s + SECRET) }),
  time,
  groupname: fc.string({ maxLength: 20 }),
  sysType: fc.integer({ min: 1, max: 4 }),
});
const sessionItem = fc.record({
  type: fc.integer({ min: 1, max: 100 }),
  id: mdId,
  name: fc.string({ maxLength: 20 }),
  unread: fc.nat({ max: 1000 }),
  top: fc.boolean(),
  ispush: fc.boolean(),
  time,
  msg: fc.record({ id: mdId, from: mdId, con: fc.string({ maxLength: 40 }).map((s) => s + SECRET), type: fc.integer({ min: 1, max: 6 }), time }),
});

describe('Mingdao decoders under fuzzing', () => {
  it('never throw and never log content, whatever arrives for whichever event', () => {
    const log = watchedLogger();
    fc.assert(
      fc.property(
        eventName,
        fc.oneof(hostileValue, mutated(newMessage as fc.Arbitrary<Record<string, unknown>>), mutated(sessionItem as fc.Arbitrary<Record<string, unknown>>)),
        counter.count('payloads', (event, payload) => {
          wire.decodeEvent(event, SCHEMAS[event] as never, payload, log);
          expect(log.leaked()).toBe(false);
        }),
      ),
      fuzzOptions(400),
    );
  });

  it('map a valid message to Parley with string IDs and a finite time, 1:1 and group alike', () => {
    fc.assert(
      fc.property(
        newMessage,
        fc.boolean(),
        counter.count('messages', (raw, group) => {
          const m = wire.newMessageSchema.parse(raw);
          const message = wire.toMessage(m, '1', group, 0);
          expect(typeof message.id).toBe('string');
          expect(typeof message.senderId).toBe('string');
          expect(Number.isFinite(message.sentAt)).toBe(true);
          expect(wire.parseConversationId(message.conversationId).kind).toBe(group ? 'group' : 'user');
          if (raw.type === wire.SHAKE_TYPE) expect(message.kind).toBe('nudge');
        }),
      ),
      fuzzOptions(300),
    );
  });

  it('map a valid session item to a conversation; inbox types are read-only', () => {
    fc.assert(
      fc.property(
        sessionItem,
        counter.count('sessions', (raw) => {
          const conversation = wire.toConversation(wire.sessionItemSchema.parse(raw), '1');
          expect(conversation.unreadCount).toBe(raw.unread);
          expect(conversation.permissions?.send ?? true).toBe(raw.type < 3);
          expect(wire.conversationIdOf(raw.type, String(raw.id))).toBe(conversation.id);
        }),
      ),
      fuzzOptions(300),
    );
  });

  it('a session whose last message is a shake previews as a nudge, not as its text', () => {
    const item = wire.sessionItemSchema.parse({ type: 1, id: '7', name: 'Bob', unread: 1, time: 1_700_000_000_000, msg: { id: 'm9', from: '7', con: '', type: wire.SHAKE_TYPE, time: 1_700_000_000_000 } });
    expect(wire.toConversation(item, '1').lastMessage).toMatchObject({ kind: 'nudge', senderId: '7', text: '' });
    const text = wire.sessionItemSchema.parse({ type: 1, id: '7', name: 'Bob', unread: 0, time: 1, msg: { id: 'm8', from: '7', con: 'hi', type: 1, time: 1 } });
    expect(wire.toConversation(text, '1').lastMessage?.kind).toBeUndefined();
  });

  it('a conversation ID that is not one is invalid-argument, never another error', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 300 }), fc.constantFrom('user:', 'group:', 'inbox:2', 'inbox:101', 'inbox:x', 'user:a b', `group:${'9'.repeat(200)}`)),
        counter.count('conversation ids', (id) => {
          try {
            wire.parseConversationId(id);
          } catch (e) {
            expect(e).toBeInstanceOf(ParleyError);
            expect((e as ParleyError).code).toBe('invalid-argument');
          }
        }),
      ),
      fuzzOptions(300),
    );
  });

  it('times: numbers in s or ms and date strings; anything else is no time', () => {
    expect(wire.parseMingdaoTime(1_800_000_000)).toBe(1_800_000_000_000);
    expect(wire.parseMingdaoTime(1_800_000_000_123)).toBe(1_800_000_000_123);
    expect(wire.parseMingdaoTime('2026-12-02T12:00:00Z')).toBe(Date.UTC(2026, 11, 2, 12));
    for (const bad of [NaN, Infinity, 1e300, 'soon', '']) expect(wire.parseMingdaoTime(bad)).toBeUndefined();
  });
});
