// Property-based fuzzing of what talker decodes (fast-check): the pushed events and HTTP
// answers against their zod schemas, the dates, the media data URIs, and the mapping of rows
// to Parley's model. Thousands of random and malformed inputs (wrong types, huge strings,
// deep nesting, numbers beyond 2^64, __proto__ keys, invalid JSON, truncated data URIs):
// nothing throws out of a decoder, a rejected payload is dropped and logged without its
// content, and valid rows round-trip through JSON (the socket.io wire) exactly.

import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  contactSchema,
  CONTENT_TYPES,
  decodeDataUri,
  decodeEvent,
  loginAnswerSchema,
  MEDIA_LIMIT,
  messageIdEventSchema,
  parseTalkerDate,
  rowSchema,
  toAttachment,
  toConversation,
  toMessage,
  typingEventSchema,
  UNREADABLE_MEDIA,
  userSchema,
} from '../wire';
import { edgeNumber, FuzzCounter, fuzzOptions, hostileString, hostileValue, mutated, SECRET, watchedLogger } from '../../test/fuzz-support';

const counter = new FuzzCounter();
afterAll(() => console.log(counter.summary('talker')));

const EVENT_SCHEMAS = {
  messeage: rowSchema,
  login: loginAnswerSchema,
  messeage_id: messageIdEventSchema,
  typing: typingEventSchema,
  contact: contactSchema,
  user: userSchema,
} as const;
/** A row's content beyond what the reference server accepts (10 MB of data URI). */
const OVERSIZED = 'x'.repeat(MEDIA_LIMIT + 2048);
const eventName = fc.constantFrom(...(Object.keys(EVENT_SCHEMAS) as Array<keyof typeof EVENT_SCHEMAS>));

// ---- valid talker wire objects ----

const talkerId = fc.integer({ min: 1, max: 2 ** 31 - 1 });
const sqliteDate = fc
  .date({ min: new Date('1971-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 19).replace('T', ' '));
const mimeType = fc.constantFrom('image/png', 'image/jpeg', 'video/mp4', 'audio/ogg', 'application/pdf', 'text/plain', 'application/x-unknown');

const textRow = fc.record({
  id: talkerId,
  from_user: talkerId,
  to_user: talkerId,
  content: fc.string({ unit: 'grapheme', maxLength: 80 }).map((s) => s + SECRET),
  content_type: fc.constant('text' as const),
  readen: fc.option(fc.oneof(fc.constant(''), sqliteDate), { nil: null }),
  notified: fc.constantFrom(0, 1),
  init_date: sqliteDate,
});

const mediaRow = fc
  .record({
    id: talkerId,
    from_user: talkerId,
    to_user: talkerId,
    content_type: fc.constantFrom('photo', 'video', 'audio', 'file'),
    bytes: fc.uint8Array({ maxLength: 512 }),
    mime: mimeType,
    name: fc.option(fc.string({ minLength: 1, maxLength: 20 }), { nil: undefined }),
    init_date: sqliteDate,
  })
  .map(({ bytes, mime, name, ...row }) => ({
    row: { ...row, content: `data:${mime}${name ? `;name=${encodeURIComponent(name)}` : ''};base64,${Buffer.from(bytes).toString('base64')}` },
    bytes,
    mime,
    name,
  }));

/** Broken data URIs: not data:, bad base64, bad percent-escapes, truncated, over the limit. */
const brokenDataUri: fc.Arbitrary<string> = fc.oneof(
  hostileString,
  fc.string({ unit: 'binary', maxLength: 60 }).map((s) => `data:${s}`),
  fc.tuple(mimeType, fc.string({ unit: 'binary', maxLength: 60 })).map(([m, body]) => `data:${m};base64,${body}`),
  fc.tuple(mimeType, fc.string({ unit: 'binary', maxLength: 60 })).map(([m, body]) => `data:${m},${body}%E0%A4%A`),
  fc.string({ unit: 'binary', maxLength: 30 }).map((n) => `data:image/png;name=${n}%;base64,AAAA`),
  mediaRow.chain(({ row }) => fc.nat({ max: row.content.length }).map((n) => row.content.slice(0, n))), // truncated
  fc.constant(`data:image/png;base64,${'A'.repeat(MEDIA_LIMIT + 2048)}`),
);

describe('talker events and answers (wire.ts schemas)', () => {
  it('never throws on any payload, drops what does not fit, and logs paths without the content', () => {
    const log = watchedLogger();
    const payload = fc.oneof(
      { arbitrary: hostileValue, weight: 3 },
      { arbitrary: mutated(textRow), weight: 3 },
      { arbitrary: mutated(mediaRow.map((m) => m.row)), weight: 1 },
      { arbitrary: mutated(fc.record({ id: talkerId, handshake: fc.string({ minLength: 1 }).map((s) => s + SECRET) })), weight: 1 },
      { arbitrary: mutated(fc.record({ typer: talkerId, typing: fc.boolean() })), weight: 1 },
      { arbitrary: mutated(fc.record({ id: talkerId, username: fc.string().map((s) => s + SECRET), unread: fc.nat(), last_messeage: textRow })), weight: 2 },
      { arbitrary: fc.json().map((j) => j.slice(0, Math.floor(j.length / 2))), weight: 1 }, // a truncated JSON text, as a string
      { arbitrary: textRow.map((r) => ({ ...r, content: OVERSIZED })), weight: 1 },
    );
    fc.assert(
      fc.property(
        eventName,
        payload,
        counter.count('payloads x schemas', (name, raw) => {
          log.clear();
          const data = decodeEvent(name, EVENT_SCHEMAS[name] as typeof rowSchema, raw, log);
          if (data === undefined) {
            expect(log.lines).toHaveLength(1);
            expect(log.lines[0]).toContain(`"event":"${name}"`);
          } else {
            expect(log.lines).toHaveLength(0);
            // Nothing larger than the media limit gets past the schema into memory and the store.
            if (name === 'messeage') expect((data as { content: string }).content.length).toBeLessThanOrEqual(MEDIA_LIMIT + 1024);
          }
          expect(log.leaked(), log.lines.join('\n')).toBe(false);
        }),
      ),
      fuzzOptions(4000),
    );
  });

  it('IDs: positive integers (or their digits) only, never beyond what a double holds exactly', () => {
    fc.assert(
      fc.property(
        fc.oneof(edgeNumber, hostileValue),
        counter.count('ids', (raw) => {
          const parsed = messageIdEventSchema.safeParse({ messeage_id: raw });
          if (!parsed.success) return;
          expect(Number.isSafeInteger(parsed.data.messeage_id) && parsed.data.messeage_id > 0).toBe(true);
        }),
      ),
      fuzzOptions(2000),
    );
  });

  it('whatever row passes the schema maps to a message and a conversation without throwing', () => {
    fc.assert(
      fc.property(
        fc.oneof(mutated(textRow), mutated(mediaRow.map((m) => m.row)), hostileValue),
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.boolean(),
        counter.count('mapping', (raw, me, live) => {
          const parsed = rowSchema.safeParse(raw);
          if (!parsed.success) return;
          const now = 1_800_000_000_000;
          const message = toMessage(parsed.data, me, now, live);
          expect(message.id).toBe(String(parsed.data.id));
          expect(Number.isFinite(message.sentAt)).toBe(true);
          const conversation = toConversation(me, { id: Number(message.conversationId), username: '' }, parsed.data, 0, now);
          expect(conversation.id).toBe(message.conversationId);
        }),
      ),
      fuzzOptions(3000),
    );
  });
});

describe('dates and media', () => {
  it('parseTalkerDate never throws: a finite time or undefined', () => {
    fc.assert(
      fc.property(
        fc.oneof(hostileString, sqliteDate, fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), edgeNumber.filter((n): n is number => typeof n === 'number'), fc.constantFrom(null, undefined)),
        counter.count('dates', (raw) => {
          const ms = parseTalkerDate(raw as string | number | null | undefined);
          if (ms !== undefined) expect(Number.isFinite(ms) && Math.abs(ms) <= 8.64e15).toBe(true);
        }),
      ),
      fuzzOptions(2000),
    );
  });

  it('decodeDataUri never throws on a broken data URI: bytes or null', () => {
    fc.assert(
      fc.property(
        brokenDataUri,
        counter.count('data URIs', (uri) => {
          const decoded = decodeDataUri(uri);
          if (decoded) expect(decoded.bytes).toBeInstanceOf(Uint8Array);
        }),
      ),
      fuzzOptions(2000),
    );
  });

  it('a row whose media cannot be read says so instead of failing', () => {
    fc.assert(
      fc.property(
        mediaRow,
        brokenDataUri,
        counter.count('unreadable media', ({ row }, content) => {
          const parsed = rowSchema.safeParse({ ...row, content });
          if (!parsed.success) return;
          const message = toMessage(parsed.data, row.to_user, 0);
          if (!toAttachment(parsed.data)) expect(message.text).toBe(UNREADABLE_MEDIA);
        }),
      ),
      fuzzOptions(1000),
    );
  });
});

describe('valid rows round-trip', () => {
  it('a text row, through JSON as socket.io carries it, is the same message', () => {
    fc.assert(
      fc.property(
        textRow,
        fc.boolean(),
        counter.count('valid text rows', (row, mine) => {
          const parsed = rowSchema.parse(JSON.parse(JSON.stringify(row)));
          expect(parsed).toEqual(row);
          const me = mine ? row.from_user : row.to_user;
          const message = toMessage(parsed, me, 0);
          expect(message).toMatchObject({ id: String(row.id), senderId: String(row.from_user), text: row.content, sentAt: parseTalkerDate(row.init_date) });
          if (row.from_user !== row.to_user) expect(message.conversationId).toBe(String(mine ? row.to_user : row.from_user));
        }),
      ),
      fuzzOptions(1500),
    );
  });

  it('a media row gives back its exact bytes, type and name', () => {
    fc.assert(
      fc.property(
        mediaRow,
        counter.count('valid media rows', ({ row, bytes, mime, name }) => {
          const parsed = rowSchema.parse(JSON.parse(JSON.stringify(row)));
          const attachment = toAttachment(parsed);
          expect(attachment).not.toBeNull();
          expect(Buffer.from(attachment!.bytes!).equals(Buffer.from(bytes))).toBe(true);
          expect(attachment!.mimeType).toBe(mime);
          if (name) expect(attachment!.name).toBe(name);
          expect(toMessage(parsed, row.to_user, 0).attachments).toEqual([attachment]);
        }),
      ),
      fuzzOptions(1000),
    );
  });

  it('sign-in answers: false, or an id and a handshake', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constant(false), fc.record({ id: talkerId, handshake: fc.string({ minLength: 1, maxLength: 64 }) })),
        counter.count('login answers', (answer) => {
          expect(loginAnswerSchema.parse(JSON.parse(JSON.stringify(answer)))).toEqual(answer);
        }),
      ),
      fuzzOptions(300),
    );
  });
});

it('content types are the ones the mapping knows', () => {
  expect([...CONTENT_TYPES].sort()).toEqual(['audio', 'file', 'photo', 'text', 'video']);
});
