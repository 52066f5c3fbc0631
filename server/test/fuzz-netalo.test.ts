// Property-based fuzzing of the Netalo front, against a running server: thousands of
// random and malformed payloads at every client event handler (and unknown events). The
// process never exits, every request with an ack gets a well-formed answer (a known result
// code, a reason with every refusal, never 9 "internal"), and another client keeps being
// served meanwhile. Packets the transport itself refuses (nesting past the codec's depth,
// broken socket.io frames) close only their own connection.

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawSocketIo } from '../../main/protocols/netalo/wire/test-support/raw-socketio';
import { stringifyLosslessJson } from '../../main/protocols/netalo/wire/lossless-stringify';
import { netaloHandlers } from '../netalo/handlers';
import { payload } from './fuzz-arbitraries';
import { directGroup, disconnected, online, request, send, signUp, type TestServer } from './support';
import { startFuzzServer } from './fuzz-server';

const FIELDS = [
  'group_id', 'message_id', 'message', 'type', 'nonce', 'version', 'sender_name', 'attachments', 'attactments',
  'occupants_uins', 'occupants_uin', 'owner_uin', 'sender_uin', 'caller_uin', 'name', 'avatar_url', 'uin',
  'pindex', 'psize', 'sort_by', 'last_message_id', 'last_seen_message_id', 'status', 'changed_after',
  'push_all', 'pull_all', 'blocked_uin', 'unblocked_uin', 'receiver_uin', 'data', 'token',
  // calls
  'call_id', 'callee_uins', 'callee_uin', 'media_type', 'answer', 'reason', 'sdp', 'candidate', 'sdp_mid',
  'sdp_mline_index', 'group_name', 'group_avatar', 'send_avatar',
];
// The profile-token handlers are registered beside netaloHandlers (start-server.ts).
const EVENTS = [...Object.keys(netaloHandlers), 'register_profile_token', 'unregister_profile_token', 'no_such_event', '__proto__', 'constructor', 'x'.repeat(300)];
// 8: busy, create_call's answer when the callee is in another call.
const RESULTS = new Set([0, 1, 2, 3, 4, 5, 6, 8]);

let server: TestServer;
beforeAll(async () => {
  // Quotas out of the way: the fuzzer is one user sending thousands of requests on purpose.
  server = await startFuzzServer({ limits: { messagesPerUser: { burst: 1e9 }, groupsPerUser: { burst: 1e9 } } });
});
afterAll(async () => {
  await server.stop();
});

/** Why an ack answer is not well-formed, or null when it is. */
function malformed(answer: unknown): string | null {
  if (typeof answer !== 'object' || answer === null) return 'not an object';
  const { result, reason } = answer as Record<string, unknown>;
  if (!RESULTS.has(result as number)) return `result ${String(result)}`;
  if (result !== 0 && (typeof reason !== 'string' || reason.length === 0 || reason.length > 500)) return 'no reason';
  return null;
}

/** Round trips by another user, all through the fuzz run; resolves with how many completed. */
function keepServing(socket: Awaited<ReturnType<typeof online>>, until: { done: boolean }): Promise<number> {
  return (async () => {
    let served = 0;
    while (!until.done) {
      const answer = await request(socket, 'list_group', {});
      if (answer.result !== 0) throw new Error(`watchdog: ${JSON.stringify(answer)}`);
      served += 1;
      await new Promise((r) => setTimeout(r, 25));
    }
    return served;
  })();
}

describe('fuzzing the Netalo front', () => {
  it('answers every random payload at every event well-formed, and keeps serving another client', async () => {
    const [me, peer, watcher] = await Promise.all([signUp(server.url), signUp(server.url), signUp(server.url)]);
    const socket = await online(server, me);
    const watchSocket = await online(server, watcher);
    await directGroup(watchSocket, peer.uin);
    const groupId = (await directGroup(socket, peer.uin)).group_id as string;
    const messageId = (await send(socket, groupId, 'a message to aim at')).message_id as string;
    // A call to aim the call requests at (its ID among the real ones).
    const callId = ((await request(socket, 'create_call', { group_id: groupId, media_type: 1 })).call as { call_id: string }).call_id;
    const ids = [groupId, messageId, me.uin, peer.uin, watcher.uin, callId];

    const until = { done: false };
    const watchdog = keepServing(watchSocket, until);
    let fuzzed = 0;
    let skipped = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...EVENTS), payload(FIELDS, ids), fc.integer({ min: 0, max: 9 }), async (event, body, mode) => {
        if (Buffer.byteLength(stringifyLosslessJson(body)) > 900_000) {
          skipped += 1; // over the transport limit: that is the next test's business
          return;
        }
        fuzzed += 1;
        if (mode === 0) {
          socket.emit(event, body); // no ack: carried out or logged, never answered
          return;
        }
        const answer: unknown = mode === 1 ? await socket.timeout(5000).emitWithAck(event) : await socket.timeout(5000).emitWithAck(event, body);
        const why = malformed(answer);
        if (why) throw new Error(`${event}: ${why}: ${JSON.stringify(answer)}`);
      }),
      { numRuns: 2000 },
    );
    until.done = true;
    const served = await watchdog;

    console.log(`fuzz netalo: ${fuzzed} payloads at ${EVENTS.length} events (${skipped} over the transport limit skipped); watchdog round trips meanwhile: ${served}`);
    expect(fuzzed).toBeGreaterThan(1800);
    expect(served).toBeGreaterThan(0);
    expect(socket.connected).toBe(true);
    expect((await request(socket, 'list_group', {})).result).toBe(0);
    expect((await request(watchSocket, 'list_group', {})).result).toBe(0);
    expect(server.logLines.filter((l) => l.includes('request failed') || l.includes('queued request failed'))).toEqual([]);
  }, 60_000);

  it('closes only the connection whose packet the transport refuses, and keeps serving', async () => {
    const watcher = await online(server, await signUp(server.url));
    const user = await signUp(server.url);
    let closed = 0;
    // Nesting deeper than the codec's 64 levels, as a real object on the wire.
    for (const depth of [65, 200, 500]) {
      const socket = await online(server, user);
      let v: unknown = 1;
      for (let i = 0; i < depth; i++) v = [v];
      const gone = disconnected(socket);
      socket.emit('list_message', v);
      await gone;
      closed += 1;
    }
    // Broken socket.io frames, by hand.
    const frames = fc.sample(
      fc.oneof(
        fc.string({ maxLength: 80 }).map((s) => `2/data,${s}`),
        fc.string({ maxLength: 40 }).map((s) => `2/data,["list_group",${s}`),
        fc.constantFrom('2/data,[', '2/data,{}', '2/data,["list_group"', '9', '2/nope,["x"]', '2/data,1["list_group",{]'),
      ),
      { numRuns: 60, seed: 42 },
    );
    for (const frame of frames) {
      const raw = await RawSocketIo.open(server.url, { session: user.session });
      raw.sendPacket('0/data,');
      await raw.nextPacket((p) => p.startsWith('2/data,["login"'));
      raw.sendPacket(frame);
      raw.sendPacket('2/data,7["list_group",{}]');
      // Either the frame was harmless (and the list_group is answered) or the connection closes.
      await Promise.race([raw.closed, raw.nextPacket((p) => p.startsWith('3/data,7'))]);
      closed += 1;
      expect((await request(watcher, 'list_group', {})).result).toBe(0);
    }
    console.log(`fuzz netalo: ${closed} transport-level packets (too deep, broken frames)`);
    expect((await request(watcher, 'list_group', {})).result).toBe(0);
  }, 60_000);
});
