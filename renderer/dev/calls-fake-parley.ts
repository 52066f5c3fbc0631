// SCREENSHOT FAKE FOR CALLS — not part of the app, never bundled into it.
// A canned `window.parley` for screenshots-calls.mjs: Alice with Bob, Carol and Dan, a group
// "Weekend hike", and call lines in Bob's timeline. Calls are scripted from the page through
// `window.callFake` (ring, accept, end with a reason, ring Alice, ask for video...), and the
// other participants are real RTCPeerConnections inside the page, sending canvas video: the
// renderer's call session (simple-peer) negotiates with them through calls.signal /
// `call.signal` as it would through main. The camera and microphone are fakes too (a canvas
// captureStream and a silent audio track), so no device or permission is needed.

import { createParleyApi, type ParleyApi, type ParleyTransport } from '../../contract/api';
import type { CommandName, SessionInfo } from '../../contract/commands';
import type { Account, Call, CallEndReason, CallMedia, CallMediaSignal, CallParticipant, CallRecord, Capabilities, Conversation, Message, ProtocolInfo, User } from '../../contract/domain';
import type { ErrorCode, Result } from '../../contract/errors';
import type { EventName, ParleyEvent } from '../../contract/events';

const SERVER = 'http://127.0.0.1:8080';
const ALICE: Account = { id: `netalo|${SERVER}|1001`, protocol: 'netalo', serverUrl: SERVER, userId: '1001', username: 'alice', displayName: 'Alice Martin' };
const A = ALICE.id;
const ME = ALICE.userId;
const CAPABILITIES: Capabilities = {
  messaging: 'send-receive', signUp: true, directConversations: true, groups: true, groupAdmin: true, history: true,
  editMessages: false, deleteMessages: false, deliveryReceipts: true, readReceipts: true, unreadCounts: true, typing: true,
  presence: true, mute: true, pin: true, block: true, attachments: false, search: false, calls: true, userSearch: true,
  messageRequests: true, clearHistory: true, nudge: false,
};
const PROTOCOLS: ProtocolInfo[] = [{ protocol: 'netalo', label: 'Netalo', fields: ['serverUrl', 'username', 'password'], defaultServerUrl: SERVER, capabilities: CAPABILITIES }];
const USERS: User[] = [
  { id: '1001', username: 'alice', displayName: 'Alice Martin' },
  { id: '1002', username: 'bob', displayName: 'Bob Stone' },
  { id: '1003', username: 'carol', displayName: 'Carol Díaz' },
  { id: '1004', username: 'dan', displayName: 'Dan Okafor' },
];
const nameOf = (id: string) => USERS.find((u) => u.id === id)?.displayName ?? id;
const COLOURS: Record<string, [string, string]> = { '1001': ['#2f6feb', '#7c4dff'], '1002': ['#0c8599', '#2b8a3e'], '1003': ['#c2255c', '#d9480f'], '1004': ['#9c36b5', '#1971c2'] };

const now = Date.now();
const MIN = 60_000;
let nextId = 9000;
const messages: Message[] = [];
function say(conversationId: string, senderId: string, text: string, sentAt: number): void {
  messages.push({ accountId: A, conversationId, id: String(nextId++), senderId, kind: 'text', text, sentAt, status: 'read' });
}
function callLine(conversationId: string, call: Omit<CallRecord, 'callId'>, text: string, sentAt: number): void {
  messages.push({ accountId: A, conversationId, id: String(nextId++), senderId: call.callerId, kind: 'call', text, sentAt, status: 'sent', call: { ...call, callId: String(nextId++) } });
}

say('c-bob', '1002', 'Can we talk about the trip?', now - 300 * MIN);
callLine('c-bob', { media: 'audio', outcome: 'missed', callerId: '1002' }, 'Missed call', now - 290 * MIN);
callLine('c-bob', { media: 'video', outcome: 'ended', callerId: '1001', durationMs: 125_000 }, 'Video call, 2:05', now - 280 * MIN);
say('c-bob', '1001', 'Sorry I missed you earlier!', now - 270 * MIN);
callLine('c-bob', { media: 'audio', outcome: 'missed', callerId: '1001' }, 'Missed call', now - 200 * MIN);
callLine('c-bob', { media: 'video', outcome: 'declined', callerId: '1002' }, 'Declined video call', now - 150 * MIN);
callLine('c-bob', { media: 'audio', outcome: 'busy', callerId: '1001' }, 'Busy', now - 100 * MIN);
callLine('c-bob', { media: 'audio', outcome: 'ended', callerId: '1002', durationMs: 3_725_000 }, 'Call, 1:02:05', now - 60 * MIN);
callLine('c-bob', { media: 'video', outcome: 'missed', callerId: '1002' }, 'Missed video call', now - 20 * MIN);
say('c-carol', '1003', 'Call me when you’re free.', now - 90 * MIN);
callLine('c-dan', { media: 'audio', outcome: 'busy', callerId: '1004' }, 'Busy', now - 45 * MIN);
say('g-hike', '1002', 'Quick call about the route?', now - 30 * MIN);

function conversation(id: string, title: string, peer: string | null, memberIds: string[], extra: Partial<Conversation> = {}): Conversation {
  const last = messages.filter((m) => m.conversationId === id).sort((a, b) => b.sentAt - a.sentAt)[0];
  return {
    accountId: A, id, kind: peer ? 'direct' : 'group', title, memberIds, ...(peer ? { peerId: peer } : { groupType: 'community' as const, ownerId: ME }),
    createdAt: now - 5000 * MIN, lastActivityAt: last?.sentAt ?? now - 5000 * MIN,
    ...(last ? { lastMessage: { messageId: last.id, senderId: last.senderId, text: last.text, sentAt: last.sentAt, ...(last.call ? { call: last.call } : {}) } } : {}),
    unreadCount: 0, muted: false, pinned: false, ...extra,
  };
}
const conversations: Conversation[] = [
  conversation('c-bob', 'Bob Stone', '1002', ['1001', '1002'], { unreadCount: 1 }),
  conversation('c-carol', 'Carol Díaz', '1003', ['1001', '1003']),
  conversation('c-dan', 'Dan Okafor', '1004', ['1001', '1004']),
  conversation('g-hike', 'Weekend hike', null, ['1001', '1002', '1003', '1004']),
];
const find = (id: string) => conversations.find((c) => c.id === id)!;

const listeners = new Set<(events: readonly ParleyEvent[]) => void>();
const emit = (name: EventName, payload: unknown) => setTimeout(() => listeners.forEach((l) => l([{ name, payload } as ParleyEvent])));
const ok = <T>(value: T): Result<T> => ({ ok: true, value });
const fail = (code: ErrorCode, message: string): Result<never> => ({ ok: false, error: { code, message } });

// --- fake camera and microphone -----------------------------------------------------------

/** A moving picture for `userId`: their colours, initials and a clock hand, so frames change. */
function canvasVideo(userId: string, label: string): MediaStreamTrack {
  const canvas = document.createElement('canvas');
  canvas.width = 640;
  canvas.height = 480;
  const g = canvas.getContext('2d')!;
  const [from, to] = COLOURS[userId] ?? ['#444', '#222'];
  const initials = nameOf(userId).split(' ').map((w) => w[0]).join('');
  const draw = () => {
    const t = performance.now() / 1000;
    const grad = g.createLinearGradient(0, 0, 640, 480);
    grad.addColorStop(0, from);
    grad.addColorStop(1, to);
    g.fillStyle = grad;
    g.fillRect(0, 0, 640, 480);
    // A head and shoulders, swaying a little: reads as "a person on camera".
    const x = 320 + Math.sin(t) * 12;
    g.fillStyle = 'rgba(255,255,255,0.85)';
    g.beginPath();
    g.arc(x, 200, 78, 0, Math.PI * 2);
    g.fill();
    g.beginPath();
    g.ellipse(x, 470, 170, 150, 0, Math.PI, 0);
    g.fill();
    g.fillStyle = from;
    g.font = 'bold 64px sans-serif';
    g.textAlign = 'center';
    g.textBaseline = 'middle';
    g.fillText(initials, x, 202);
    g.fillStyle = 'rgba(255,255,255,0.9)';
    g.font = '22px sans-serif';
    g.textAlign = 'left';
    g.fillText(label, 20, 36);
  };
  draw();
  setInterval(draw, 66);
  return canvas.captureStream(15).getVideoTracks()[0]!;
}

let audioContext: AudioContext | null = null;
function silentAudio(): MediaStreamTrack {
  audioContext ??= new AudioContext();
  const destination = audioContext.createMediaStreamDestination();
  const oscillator = audioContext.createOscillator();
  const gain = audioContext.createGain();
  gain.gain.value = 0;
  oscillator.connect(gain).connect(destination);
  oscillator.start();
  return destination.stream.getAudioTracks()[0]!;
}

const FAKE_DEVICES = [
  { kind: 'audioinput', deviceId: 'mic-1', label: 'Built-in Microphone' },
  { kind: 'audioinput', deviceId: 'mic-2', label: 'USB Headset Microphone' },
  { kind: 'videoinput', deviceId: 'cam-1', label: 'Integrated Camera' },
  { kind: 'videoinput', deviceId: 'cam-2', label: 'Logitech C920' },
  { kind: 'audiooutput', deviceId: 'spk-1', label: 'Speakers' },
  { kind: 'audiooutput', deviceId: 'spk-2', label: 'USB Headset' },
].map((d) => ({ ...d, groupId: d.deviceId, toJSON: () => d }) as unknown as MediaDeviceInfo);

Object.defineProperty(navigator, 'mediaDevices', {
  configurable: true,
  value: Object.assign(new EventTarget(), {
    async getUserMedia(constraints: MediaStreamConstraints) {
      const tracks: MediaStreamTrack[] = [];
      if (constraints.audio) tracks.push(silentAudio());
      if (constraints.video) tracks.push(canvasVideo(ME, 'Alice’s camera'));
      return new MediaStream(tracks);
    },
    async enumerateDevices() {
      return FAKE_DEVICES;
    },
  }),
});

// --- the other participants: real peer connections in the page ---------------------------

const remotes = new Map<string, RTCPeerConnection>();

function remotePeer(callId: string, userId: string): RTCPeerConnection {
  const key = `${callId}|${userId}`;
  let pc = remotes.get(key);
  if (pc) return pc;
  pc = new RTCPeerConnection();
  remotes.set(key, pc);
  const stream = new MediaStream([silentAudio(), canvasVideo(userId, `${nameOf(userId)}’s camera`)]);
  for (const track of stream.getTracks()) pc.addTrack(track, stream);
  pc.onicecandidate = ({ candidate }) => {
    if (!candidate) return;
    toMe(callId, userId, { type: 'candidate', candidate: candidate.candidate, sdpMid: candidate.sdpMid, sdpMLineIndex: candidate.sdpMLineIndex });
  };
  return pc;
}

function toMe(callId: string, fromUserId: string, signal: CallMediaSignal): void {
  emit('call.signal', { accountId: A, callId, fromUserId, signal });
}

/** A participant who joined after me offers (the mesh rule), as the real clients do. */
async function offerFrom(callId: string, userId: string): Promise<void> {
  const pc = remotePeer(callId, userId);
  await pc.setLocalDescription(await pc.createOffer());
  toMe(callId, userId, { type: 'offer', sdp: pc.localDescription!.sdp });
}

async function fromMe(callId: string, toUserId: string, signal: CallMediaSignal): Promise<void> {
  const pc = remotePeer(callId, toUserId);
  if (signal.type === 'candidate') {
    await pc.addIceCandidate({ candidate: signal.candidate, sdpMid: signal.sdpMid, sdpMLineIndex: signal.sdpMLineIndex }).catch(() => undefined);
  } else if (signal.type === 'offer') {
    await pc.setRemoteDescription(signal);
    await pc.setLocalDescription(await pc.createAnswer());
    toMe(callId, toUserId, { type: 'answer', sdp: pc.localDescription!.sdp });
  } else {
    await pc.setRemoteDescription(signal);
  }
}

function closePeers(callId: string): void {
  for (const [key, pc] of remotes) {
    if (!key.startsWith(`${callId}|`)) continue;
    pc.close();
    remotes.delete(key);
  }
}

// --- calls, as main would keep them --------------------------------------------------------

const calls = new Map<string, Call>();
let current: string | null = null;

function update(callId: string, changes: Partial<Call>): Call {
  const call = { ...calls.get(callId)!, ...changes };
  calls.set(callId, call);
  emit('call.updated', { call });
  if (call.phase === 'ended' && !call.ongoing) closePeers(callId);
  return call;
}
function person(userId: string, state: CallParticipant['state'], media: CallMedia): CallParticipant {
  return { userId, state, audioMuted: false, videoOn: media === 'video' };
}
function participantsChange(callId: string, userId: string, changes: Partial<CallParticipant>): CallParticipant[] {
  return calls.get(callId)!.participants.map((p) => (p.userId === userId ? { ...p, ...changes } : p));
}

/** Scripted from screenshots-calls.mjs with page.evaluate. */
const callFake = {
  current: () => current,
  /** The callees' devices ring. */
  ring() {
    update(current!, { phase: 'ringing' });
  },
  /** These participants accept (with their camera on or off); each offers to me. */
  async accept(userIds: string[], options: { videoOn?: boolean; audioMuted?: boolean } = {}) {
    const id = current!;
    let participants = calls.get(id)!.participants;
    for (const userId of userIds) {
      participants = participants.map((p) => (p.userId === userId ? { ...p, state: 'joined' as const, videoOn: options.videoOn ?? p.videoOn, audioMuted: options.audioMuted ?? false } : p));
    }
    const call = calls.get(id)!;
    update(id, { participants, phase: 'in-call', joinedAt: call.joinedAt ?? Date.now() - 83_000 });
    for (const userId of userIds) await offerFrom(id, userId);
  },
  media(userId: string, changes: { videoOn?: boolean; audioMuted?: boolean }) {
    update(current!, { participants: participantsChange(current!, userId, changes) });
  },
  askForVideo(userId: string) {
    update(current!, { videoRequestFrom: userId });
  },
  /** The call ends for me, for `reason`. */
  end(reason: CallEndReason, options: { ongoing?: boolean } = {}) {
    update(current!, { phase: 'ended', endReason: reason, endedAt: Date.now(), ...(options.ongoing ? { ongoing: true } : {}) });
  },
  /** Someone calls me. */
  incoming(callerId: string, conversationId: string, media: CallMedia) {
    const c = find(conversationId);
    const id = String(nextId++);
    const others = c.memberIds.filter((m) => m !== ME);
    const call: Call = {
      accountId: A, callId: id, conversationId, group: c.kind === 'group', direction: 'incoming', callerId, media, phase: 'incoming',
      local: { audioMuted: false, videoOn: media === 'video' },
      participants: others.map((u) => person(u, u === callerId ? 'joined' : 'invited', media)),
      startedAt: Date.now(),
    };
    calls.set(id, call);
    current = id;
    emit('call.updated', { call });
    return id;
  },
};
(window as unknown as { callFake: typeof callFake }).callFake = callFake;

type Args = Record<string, unknown> & { accountId: string; conversationId: string; callId: string };
const handlers: Partial<Record<CommandName, (args: Args) => Result<unknown>>> = {
  'session.get': () => {
    emit('presence.changed', { presence: { accountId: A, userId: '1002', online: true } });
    return ok<SessionInfo>({ protocols: PROTOCOLS, accounts: [{ account: ALICE, connection: 'online', capabilities: CAPABILITIES }] });
  },
  'conversations.list': () => ok({ items: conversations }),
  'conversations.markRead': () => ok(null),
  'messages.pending': () => ok([]),
  'typing.set': () => ok(null),
  'presence.watch': () => ok(null),
  'messages.list': ({ conversationId }) => ok({ items: messages.filter((m) => m.conversationId === conversationId).sort((a, b) => b.sentAt - a.sentAt) }),
  'users.get': ({ ids }) => ok(USERS.filter((u) => (ids as string[]).includes(u.id))),
  'calls.list': () => ok([...calls.values()].filter((c) => c.phase !== 'ended' || c.ongoing)),
  'calls.start': ({ conversationId, media }) => {
    const c = find(conversationId);
    const id = String(nextId++);
    const m = media as CallMedia;
    const call: Call = {
      accountId: A, callId: id, conversationId, group: c.kind === 'group', direction: 'outgoing', callerId: ME, media: m, phase: 'calling',
      local: { audioMuted: false, videoOn: m === 'video' },
      participants: c.memberIds.filter((u) => u !== ME).map((u) => person(u, 'invited', m)),
      startedAt: Date.now(),
    };
    calls.set(id, call);
    current = id;
    emit('call.updated', { call });
    return ok(call);
  },
  'calls.answer': ({ callId, accept, media }) => {
    const call = calls.get(callId);
    if (!call) return fail('not-found', 'no such call');
    if (!accept) return ok(update(callId, { phase: 'ended', endReason: 'declined', endedAt: Date.now() }));
    return ok(update(callId, { phase: 'in-call', joinedAt: Date.now() - 4_000, local: { audioMuted: false, videoOn: media === 'video' } }));
  },
  'calls.hangup': ({ callId }) => {
    const call = calls.get(callId);
    if (call && call.phase !== 'ended') update(callId, { phase: 'ended', endReason: 'hung-up', endedAt: Date.now() });
    return ok(null);
  },
  'calls.signal': ({ callId, toUserId, signal }) => {
    void fromMe(callId, String(toUserId), signal as CallMediaSignal);
    return ok(null);
  },
  'calls.setMedia': ({ callId, audioMuted, videoOn }) => {
    const call = calls.get(callId);
    if (call) {
      update(callId, {
        local: { audioMuted: (audioMuted as boolean | undefined) ?? call.local.audioMuted, videoOn: (videoOn as boolean | undefined) ?? call.local.videoOn },
        ...(videoOn ? { videoRequestFrom: undefined } : {}),
      });
    }
    return ok(null);
  },
  'calls.requestVideo': () => ok(null),
};

const transport: ParleyTransport = {
  async invoke(command, args) {
    const handler = handlers[command];
    return handler ? handler(args as Args) : fail('unsupported', `calls screenshot fake: ${command}`);
  },
  subscribe(listener) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

(window as unknown as { parley: ParleyApi }).parley = createParleyApi(transport);
