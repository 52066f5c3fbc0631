// Parley's 1:1 Netalo calls have the caller offer while the call rings (Call.callerOffers), and
// the callee answer with the accept. Clients written the other way round, where the callee
// offers, must still connect with Parley at either end:
// - their caller waits for the callee's offer: Parley, as the callee, offers itself once
//   CALLER_OFFER_WAIT_MS pass without the caller's offer;
// - their callee ignores the offer that came while it rang and offers after accepting:
//   Parley, as the caller, drops its own offer and answers (the callee's offer wins, mesh.ts).
// Those clients are bare pages: socket.io-client and one RTCPeerConnection, no Parley code.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { openParley } from '../support/browser';
import { netaloSession } from '../support/plain-sockets';
import { tempDir } from '../support/processes';
import { expectVideoPlaying } from './media';
import { acceptIncoming, allowCallDevices, callView, placeCall, startCallWorld, tile, PASSWORDS, type CallWorld } from './world';

const here = dirname(fileURLToPath(import.meta.url));

/** Serves the bare page (caller or callee) and socket.io-client's browser build on a loopback port. */
async function serveBarePage(): Promise<{ server: Server; origin: string }> {
  const clientJs = readFileSync(join(here, '../../node_modules/socket.io-client/dist/socket.io.min.js'), 'utf8');
  const server = createServer((req, res) => {
    if (req.url === '/socket.io.min.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(clientJs);
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>bare client</title><script src="/socket.io.min.js"></script>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { server, origin: `http://127.0.0.1:${port}` };
}

/** What a bare page keeps on `window.bare`: its one peer connection, and the offers it got. */
interface Bare {
  pc: RTCPeerConnection;
  offersReceived: number;
}

/** A bare page's side of the call, from the browser's own statistics: connected, and decoding video. */
function bareSide(page: Page): Promise<{ offersReceived: number; state: string; decoding: boolean }> {
  return page.evaluate(async () => {
    const { pc, offersReceived } = (window as unknown as { bare: Bare }).bare;
    let framesDecoded = 0;
    (await pc.getStats()).forEach((r: { type: string; kind?: string; framesDecoded?: number }) => {
      if (r.type === 'inbound-rtp' && r.kind === 'video') framesDecoded += r.framesDecoded ?? 0;
    });
    return { offersReceived, state: pc.connectionState, decoding: framesDecoded > 0 };
  });
}

/** Places a video call from the bare page; it answers an offer when one comes, and never offers. */
function callAndWaitForOffer(page: Page, opts: { url: string; session: string; groupId: string; me: string; peer: string }): Promise<string> {
  return page.evaluate(async ({ url, session, groupId, me, peer }) => {
    type Ack = { result: number; call?: { call_id: string } };
    type Sock = {
      once(event: string, f: (...a: unknown[]) => void): void;
      on(event: string, f: (m: Record<string, unknown>) => void): void;
      emit(event: string, payload: unknown, ack: (a: Ack) => void): void;
      emitWithAck(event: string, payload: unknown): Promise<Ack>;
    };
    const w = window as unknown as { io: (u: string, o: object) => Sock; bare: Bare };
    const socket = w.io(`${url}/data`, { transports: ['websocket'], query: { session } });
    await new Promise((resolve) => socket.once('login', resolve));
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
    const pc = new RTCPeerConnection();
    for (const track of stream.getTracks()) pc.addTrack(track, stream);
    w.bare = { pc, offersReceived: 0 };
    let callId = '';
    const toPeer = { group_id: groupId, receiver_uin: peer };
    pc.onicecandidate = (e) => {
      if (e.candidate) socket.emit('ice_candidate', { call_id: callId, ...toPeer, candidate: e.candidate.candidate, sdp_mid: e.candidate.sdpMid, sdp_mline_index: e.candidate.sdpMLineIndex }, () => {});
    };
    socket.on('ice_sdp', async (m) => {
      if (m.type !== 1) return;
      w.bare.offersReceived += 1;
      await pc.setRemoteDescription({ type: 'offer', sdp: String(m.sdp) });
      const answer = await pc.createAnswer();
      await pc.setLocalDescription(answer);
      socket.emit('ice_sdp', { call_id: callId, ...toPeer, type: 2, sdp: answer.sdp }, () => {});
    });
    socket.on('ice_candidate', (m) => {
      if (m.candidate) void pc.addIceCandidate({ candidate: String(m.candidate), sdpMid: String(m.sdp_mid), sdpMLineIndex: Number(m.sdp_mline_index) }).catch(() => {});
    });
    const ack = await socket.emitWithAck('create_call', { group_id: groupId, caller_uin: me, callee_uins: [peer], media_type: 2 });
    if (ack.result !== 0 || !ack.call) throw new Error(`create_call answered ${JSON.stringify(ack)}`);
    callId = ack.call.call_id;
    return callId;
  }, opts);
}

/**
 * Signs in, opens its devices and waits for a call: when it comes, and then the caller's
 * offer, it ignores that offer, accepts, and offers. Resolves once it is waiting (before any
 * call is placed); `window.callee.done` once it has offered.
 */
function answerThenOffer(page: Page, opts: { url: string; session: string; me: string }): Promise<void> {
  return page.evaluate(async ({ url, session, me }) => {
    type Sock = {
      once(event: string, f: (...a: unknown[]) => void): void;
      on(event: string, f: (m: Record<string, unknown>) => void): void;
      emit(event: string, payload: unknown, ack: (a: unknown) => void): void;
      emitWithAck(event: string, payload: unknown): Promise<{ result: number }>;
    };
    const w = window as unknown as { io: (u: string, o: object) => Sock; bare: Bare & { done: Promise<void> } };
    const socket = w.io(`${url}/data`, { transports: ['websocket'], query: { session } });
    await new Promise((resolve) => socket.once('login', resolve));
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
    const pc = new RTCPeerConnection();
    for (const track of stream.getTracks()) pc.addTrack(track, stream);
    let toPeer: { call_id: string; group_id: string; receiver_uin: string } | null = null;
    const rang = new Promise<void>((resolve) =>
      socket.on('start_call', (m) => {
        const call = m.call as { call_id: string; group_id: string; caller_uin: string };
        toPeer = { call_id: call.call_id, group_id: call.group_id, receiver_uin: call.caller_uin };
        resolve();
      }),
    );
    // Its user answers once the caller's offer has come (and been ignored): the two offers cross.
    let callerOffered!: () => void;
    const ignoredAnOffer = new Promise<void>((resolve) => (callerOffered = resolve));
    socket.on('ice_sdp', (m) => {
      if (m.type === 1) {
        w.bare.offersReceived += 1;
        callerOffered();
      } else void pc.setRemoteDescription({ type: 'answer', sdp: String(m.sdp) });
    });
    socket.on('ice_candidate', (m) => {
      if (m.candidate) void pc.addIceCandidate({ candidate: String(m.candidate), sdpMid: String(m.sdp_mid), sdpMLineIndex: Number(m.sdp_mline_index) }).catch(() => {});
    });
    pc.onicecandidate = (e) => {
      if (e.candidate && toPeer) socket.emit('ice_candidate', { ...toPeer, candidate: e.candidate.candidate, sdp_mid: e.candidate.sdpMid, sdp_mline_index: e.candidate.sdpMLineIndex }, () => {});
    };
    const done = (async () => {
      await rang;
      await ignoredAnOffer;
      const peer = toPeer!;
      const answered = await socket.emitWithAck('answer_call', { call_id: peer.call_id, group_id: peer.group_id, callee_uin: me, answer: 1 });
      if (answered.result !== 0) throw new Error(`answer_call answered ${JSON.stringify(answered)}`);
      const offer = await pc.createOffer();
      await pc.setLocalDescription(offer);
      socket.emit('ice_sdp', { ...peer, type: 1, sdp: offer.sdp }, () => {});
    })();
    w.bare = { pc, offersReceived: 0, done };
  }, opts);
}

async function sessionOf(serverUrl: string, username: 'alice' | 'bob'): Promise<string> {
  return (await netaloSession(serverUrl, username, PASSWORDS[username]!)).session;
}

/** The call world (Parley users on the reference server) and one bare page in a Chromium of its own, camera allowed. */
async function withBarePage(run: (world: CallWorld, bare: Page) => Promise<void>): Promise<void> {
  const world = await startCallWorld();
  const served = await serveBarePage();
  const context = await openParley(tempDir('bare-profile'), served.origin);
  try {
    await allowCallDevices(context, served.origin);
    const bare = await context.newPage();
    await bare.goto(served.origin);
    await run(world, bare);
  } finally {
    await context.close();
    await new Promise((resolve) => served.server.close(resolve));
    await world.close();
  }
}

test('a caller that waits for the callee’s offer still reaches Parley: Parley offers, and both see video', async () => {
  await withBarePage(async (world, caller) => {
    const bob = await world.parley('bob');
    const session = await sessionOf(world.serverUrl, 'alice');
    await callAndWaitForOffer(caller, { url: world.serverUrl, session, groupId: world.conversations.aliceBob, me: world.uins.alice!, peer: world.uins.bob! });
    await acceptIncoming(bob, 'video');

    // Parley offered (once), the bare caller answered, and the media flows both ways.
    await expect(callView(bob)).toHaveAttribute('data-connection', 'connected');
    await expectVideoPlaying(tile(bob, world.uins.alice!).getByTestId('call-tile-video'));
    await expect.poll(() => bareSide(caller), { message: 'the bare caller decodes Parley’s video' }).toEqual({ offersReceived: 1, state: 'connected', decoding: true });
    await bob.screenshot({ path: test.info().outputPath('parley-answered-a-waiting-caller.png') });
  });
});

test('a callee that offers after accepting (and ignores the offer made while it rang) still connects with Parley calling', async () => {
  await withBarePage(async (world, callee) => {
    const alice = await world.parley('alice');
    await answerThenOffer(callee, { url: world.serverUrl, session: await sessionOf(world.serverUrl, 'bob'), me: world.uins.bob! });

    await placeCall(alice, world.conversations.aliceBob, 'video');
    await callee.evaluate(() => (window as unknown as { bare: { done: Promise<void> } }).bare.done);
    await expect(callView(alice)).toHaveAttribute('data-phase', 'in-call');
    await expect(callView(alice)).toHaveAttribute('data-connection', 'connected');
    await expectVideoPlaying(tile(alice, world.uins.bob!).getByTestId('call-tile-video'));
    // Parley's offer made while it rang was ignored; Parley answered the callee's instead.
    await expect.poll(() => bareSide(callee), { message: 'the bare callee decodes Parley’s video' }).toEqual({ offersReceived: 1, state: 'connected', decoding: true });
  });
});
