// This window's call session: keeps CallsState from main's call events, and runs the media
// of the one call this window holds (started or accepted here): local tracks
// (local-media.ts) and the peer mesh (mesh.ts), whose signals travel through main.
//
// Main owns the signalling state (Call); the session never decides a call's phase, it only
// follows `call.updated`. Hanging up is always an explicit `calls.hangup`, never left to the
// peers closing. Every ending (hang-up, the other side ending, failure, sign-out, the page
// going away) goes through release(), which stops every local track.

import { t } from '../i18n';
import type { Call, CallMedia, CallMediaSignal, ParleyApi } from '../contract';
import { listDevices } from './devices';
import { LocalMediaController } from './local-media';
import { browserMediaEnv, type MediaEnv } from './media-env';
import { Mesh } from './mesh';
import type { PeerFactory } from './peer';
import { PrebuiltPeer } from './prebuilt-peer';
import { loadSimplePeerFactory } from './simple-peer-factory';
import { windowSpareConnection } from './spare-connection';
import { idleLocal, type CallsStore } from './store';
import { realTimers, type Timers } from './timers';
import { callKey, type CallActions } from './types';

export interface CallSessionOptions {
  api: ParleyApi;
  store: CallsStore;
  /** The browser's media (default); a fake in tests. */
  media?: MediaEnv;
  /** Loads the peer implementation on the first call (default: simple-peer, its own chunk). */
  loadPeers?: () => Promise<PeerFactory>;
  timers?: Timers;
  /** Heard for 'pagehide' (every track stops when the page goes). Default: window; null: none. */
  page?: EventTarget | null;
  onError?: (error: unknown) => void;
  /** The connection built ahead for the next call's peer (default: the window's, spare-connection.ts); the tests' fake peers need none. */
  spare?: SpareControl;
}

type SpareControl = Pick<typeof windowSpareConnection, 'warm' | 'dispose'>;

type Answer = { ok: true } | { ok: false; message: string };

/** The call whose media this window holds. */
interface Held {
  /** Null while calls.start has not answered yet. */
  key: string | null;
  accountId: string;
  callId: string | null;
  group: boolean;
  local: LocalMediaController;
  factory: PeerFactory | null;
  /** Who was in the call when I joined (I offer to them); null until known (my accept answered). */
  initiateTo: string[] | null;
  mesh: Mesh | null;
  /** Signals that came before the mesh could take them. */
  early: Array<{ key: string; fromUserId: string; signal: CallMediaSignal }>;
  /** The one peer of a 1:1 call, built before the mesh (prebuilt-peer.ts); the mesh adopts it. */
  prebuilt: PrebuiltPeer | null;
  /** What main was last told of my microphone and camera. */
  told: { audioMuted: boolean; videoOn: boolean } | null;
  joined: Set<string>;
  /** A 1:1 call I accepted whose caller offers first: the caller, until their offer comes or I offer instead. */
  awaitingOffer: string | null;
  offerTimer: unknown;
}

const MAX_EARLY_SIGNALS = 256;
/**
 * How long a callee waits, once in a 1:1 call whose caller offers first (Call.callerOffers),
 * for that offer before offering itself: a caller written to wait for the callee's offer
 * (as Parley's own calls on Netalo once did) still connects, a second later.
 */
export const CALLER_OFFER_WAIT_MS = 1_000;
// Read when needed, so it is in the language chosen by then.
const busyMessage = (): string => t('call.error.busy');

export class CallSession implements CallActions {
  private readonly api: ParleyApi;
  private readonly store: CallsStore;
  private readonly media: MediaEnv;
  private readonly loadPeers: () => Promise<PeerFactory>;
  private readonly timers: Timers;
  private readonly page: EventTarget | null;
  private readonly onError: (error: unknown) => void;
  private readonly spare: SpareControl;
  private held: Held | null = null;
  private factory: Promise<PeerFactory> | null = null;
  /** The peer code once loaded, for building a peer in the same task as the accept (see accept()). */
  private loadedFactory: PeerFactory | null = null;
  private detached = false;
  /** A 1:1 call ringing here: my offer to the caller, built while it rings, sent only if I accept. */
  private ringPeer: { key: string; peer: PrebuiltPeer } | null = null;
  private readonly cleanups: Array<() => void> = [];

  constructor(options: CallSessionOptions) {
    this.api = options.api;
    this.store = options.store;
    this.media = options.media ?? browserMediaEnv();
    this.loadPeers = options.loadPeers ?? loadSimplePeerFactory;
    this.timers = options.timers ?? realTimers;
    this.page = options.page === undefined ? (typeof window === 'undefined' ? null : window) : options.page;
    this.onError = options.onError ?? ((error) => console.error('[parley] calls', error));
    this.spare = options.spare ?? windowSpareConnection;
  }

  /** Subscribes to main's call events and asks which calls run now (a window opened mid-call). */
  attach(): void {
    const { api } = this;
    this.cleanups.push(
      api.on('call.updated', ({ call }) => this.callUpdated(call)),
      api.on('call.signal', (p) => this.signalled(callKey(p), p.fromUserId, p.signal)),
      api.on('call.answerRequested', (p) => void this.accept(callKey(p), p.media)),
      api.on('accounts.changed', ({ accounts }) => {
        // Signed out: main hangs up that account's calls; the tracks stop here at once.
        const held = this.held;
        if (held && !accounts.some((a) => a.account.id === held.accountId)) this.release(held);
      }),
      this.media.onDeviceChange(() => void this.refreshDevices()),
    );
    if (this.page) {
      const gone = () => this.held && this.release(this.held);
      this.page.addEventListener('pagehide', gone);
      this.cleanups.push(() => this.page?.removeEventListener('pagehide', gone));
    }
    void this.api.calls.list({}).then((result) => {
      if (!result.ok) return;
      const calls = { ...this.store.getState().calls };
      // What the events said in the meantime is newer than the list.
      for (const call of result.value) calls[callKey(call)] ??= call;
      this.store.setState({ calls });
    }, this.onError);
    void this.refreshDevices();
    // No spare connection is built here: one idle RTCPeerConnection holds about 6 MB of the
    // renderer's RSS, paid by every window whether it ever calls or not. prepare() builds one
    // when the pointer or the focus comes to a call button.
  }

  detach(): void {
    this.detached = true;
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.dropRingPeer();
    if (this.held) this.release(this.held);
    this.spare.dispose();
  }

  // --- CallActions -----------------------------------------------------------------------

  async start(accountId: string, conversationId: string, media: CallMedia): Promise<Answer> {
    if (this.active()) return { ok: false, message: busyMessage() };
    const held = this.hold(null, accountId, media === 'video');
    const result = await this.api.calls.start({ accountId, conversationId, media }).catch((error: unknown) => failure(error));
    if (!result.ok) {
      if (this.held === held) this.release(held);
      return { ok: false, message: result.error.message };
    }
    const call = result.value;
    const key = callKey(call);
    if (this.held !== held) {
      // The page went (or the account) while the call was being placed: do not leave it ringing.
      void this.api.calls.hangup({ accountId, callId: call.callId, reason: 'hung-up' }).catch(this.onError);
      return { ok: false, message: t('call.error.stopped') };
    }
    held.key = key;
    held.callId = call.callId;
    // In a group call the caller never offers: whoever accepts sends the offer. A group
    // conversation that already had a call running answers with that call, joined: then I
    // am the one who joins later, and I offer to everyone already in it. In a 1:1 call where
    // the caller offers first (callerOffers: AZStack, Netalo), I offer to the callee at once,
    // while it rings.
    held.initiateTo =
      call.phase === 'in-call' && call.direction === 'incoming'
        ? call.participants.filter((p) => p.state === 'joined').map((p) => p.userId)
        : call.callerOffers
          ? call.participants.map((p) => p.userId)
          : [];
    this.takeHeldKey(key);
    this.mergeAnswer(call);
    this.heldChanged();
    return { ok: true };
  }

  async accept(key: string, media: CallMedia): Promise<Answer> {
    if (this.held?.key === key) return { ok: true };
    if (this.active()) return { ok: false, message: busyMessage() };
    const { accountId, callId } = this.identify(key);
    // The offer made while it rang: sent as soon as the mesh adopts it, my devices filling its stream.
    const ringPeer = this.ringPeer?.key === key ? this.ringPeer.peer : null;
    this.ringPeer = null;
    const held = this.hold(key, accountId, media === 'video', ringPeer);
    held.callId = callId;
    // Media opens while main answers: the caller waits for my offer either way. In a 1:1
    // call the one to offer to is known already (the caller, in it from the start), and the
    // server relays the signals of someone it still rings: the offer goes out as soon as my
    // media is open, not one round trip to the server later.
    const ringing = this.store.getState().calls[key];
    // Main hears the accept first: the caller's side goes on from it meanwhile.
    const answering = this.api.calls.answer({ accountId, callId, accept: true, media }).catch((error: unknown) => failure(error));
    if (ringing && ringing.phase === 'incoming' && !ringing.group) {
      if (ringing.callerOffers) {
        // The caller offers first: main hands me that offer with my accept, before the server
        // has answered it. The peer that answers it is built now, in this task.
        held.initiateTo = [];
        held.awaitingOffer = ringing.callerId;
      } else {
        held.initiateTo = ringing.participants.filter((p) => p.state === 'joined').map((p) => p.userId);
      }
      // With the peer code loaded (it loads while the call rings), the peer is built in this
      // task, before the call screen renders (a store change below: React renders it in the
      // next microtask, 5–12 ms): its offer or answer is made meanwhile instead of after. An
      // accept that came before the ring's own head start (prebuilt-peer.ts) gains the most.
      if (this.loadedFactory) {
        held.factory = this.loadedFactory;
        this.heldChanged();
      }
    }
    this.takeHeldKey(key);
    const result = await answering;
    if (this.held !== held) {
      // The page went (or the account) while main answered: leave rather than sit in the call without media.
      if (result.ok) void this.api.calls.hangup({ accountId, callId, reason: 'hung-up' }).catch(this.onError);
      return { ok: false, message: t('call.error.stopped') };
    }
    if (!result.ok) {
      this.release(held);
      this.store.setState((s) => (s.heldKey === key ? { heldKey: null } : {}));
      return { ok: false, message: result.error.message };
    }
    // Whoever is in the call now joined before me: I offer to each of them. Unless the caller
    // offers first (callerOffers): main handed me that offer with my accept, and I answer it;
    // if it has not come, I offer after all once CALLER_OFFER_WAIT_MS have passed.
    held.initiateTo = result.value.callerOffers ? [] : result.value.participants.filter((p) => p.state === 'joined').map((p) => p.userId);
    if (held.awaitingOffer) this.offerUnlessOffered(held, held.awaitingOffer);
    this.mergeAnswer(result.value);
    if (held.mesh) {
      // Built while main answered: what main was told of my microphone and camera before I
      // was in the call is what it now holds from my accept; tell it again where they differ.
      held.told = { ...result.value.local };
      this.tellMedia(held);
    }
    this.heldChanged();
    return { ok: true };
  }

  async decline(key: string): Promise<void> {
    const { accountId, callId } = this.identify(key);
    const result = await this.api.calls.answer({ accountId, callId, accept: false });
    if (!result.ok) this.onError(new Error(result.error.message));
  }

  async hangup(key: string): Promise<void> {
    if (this.held?.key === key) this.release(this.held);
    await this.sendHangup(key, 'hung-up');
  }

  async setMicMuted(muted: boolean): Promise<void> {
    this.held?.local.setMuted(muted);
  }

  async setCameraOn(on: boolean): Promise<void> {
    await this.held?.local.setCamera(on, this.store.getState().devices.selected.camera);
  }

  async requestVideo(key: string): Promise<void> {
    const { accountId, callId } = this.identify(key);
    const result = await this.api.calls.requestVideo({ accountId, callId });
    if (!result.ok) this.onError(new Error(result.error.message));
  }

  async selectDevice(kind: 'microphone' | 'camera' | 'speaker', deviceId: string): Promise<void> {
    this.store.setState((s) => ({ devices: { ...s.devices, selected: { ...s.devices.selected, [kind]: deviceId } } }));
    if (kind !== 'speaker') await this.held?.local.useDevice(kind, deviceId);
  }

  prepare(): void {
    if (!this.detached && !this.held) this.spare.warm();
  }

  dismiss(key: string): void {
    const call = this.store.getState().calls[key];
    if (call && call.phase !== 'ended') return;
    if (this.held?.key === key) return;
    this.store.setState((s) => {
      const calls = { ...s.calls };
      // A group call that runs on stays: the conversation offers "Join" while it does.
      if (!call?.ongoing) delete calls[key];
      return { calls, heldKey: s.heldKey === key ? null : s.heldKey };
    });
  }

  // --- main's events ---------------------------------------------------------------------

  private callUpdated(call: Call): void {
    const key = callKey(call);
    if (this.ringPeer?.key === key && call.phase !== 'incoming' && this.held?.key !== key) {
      this.dropRingPeer();
      // No connection stays open once the call is over here (a spare the ring did not use).
      if (!this.held) this.spare.dispose();
    }
    this.store.setState((s) => ({ calls: { ...s.calls, [key]: call } }));
    if (this.held?.key === key) this.heldChanged();
    // A call rings here: the peer code loads while it rings, so an accept does not wait for
    // it; and a 1:1 call's offer is made meanwhile (held until I accept). A task later: the
    // incoming call is drawn first, and an accept that came at once builds its own peer.
    else if (call.phase === 'incoming' && !this.held) {
      this.peerCode().then(
        (factory) =>
          this.timers.set(() => {
            const now = this.store.getState().calls[key];
            if (now) this.prebuildOffer(key, now, factory);
          }, 0),
        () => {
          this.factory = null; // the accept tries again
        },
      );
    }
  }

  /**
   * While a 1:1 call rings here: the peer that will offer to the caller if I accept, built
   * now (its connection, offer and candidates take the browser tens of milliseconds), with
   * an empty stream that my devices fill once I accept. Nothing is sent before the accept;
   * a call that stops ringing here without it drops the peer.
   */
  private prebuildOffer(key: string, call: Call, factory: PeerFactory): void {
    if (this.detached || this.held || this.ringPeer || call.phase !== 'incoming' || call.group || call.callerOffers) return;
    const joined = call.participants.filter((p) => p.state === 'joined');
    if (joined.length !== 1) return;
    const stream = this.media.newStream([]);
    const options = { userId: joined[0]!.userId, initiator: true, stream, ...(call.iceServers ? { iceServers: call.iceServers } : {}) };
    try {
      this.ringPeer = { key, peer: new PrebuiltPeer(factory, options) };
    } catch (error) {
      // Only a head start: the accept builds its peer as it would have.
      this.onError(error);
    }
  }

  private dropRingPeer(): void {
    this.ringPeer?.peer.destroy();
    this.ringPeer = null;
  }

  private signalled(key: string, fromUserId: string, signal: CallMediaSignal): void {
    const held = this.held;
    // Another window (or another device) holds this call's media.
    if (!held || (held.key !== null && held.key !== key)) return;
    if (signal.type === 'offer' && held.key === key && held.awaitingOffer === fromUserId) this.stopAwaitingOffer(held);
    if (held.mesh && held.key === key) held.mesh.receive(fromUserId, signal);
    else if (held.early.length < MAX_EARLY_SIGNALS) held.early.push({ key, fromUserId, signal });
  }

  // --- the held call ---------------------------------------------------------------------

  /** Starts holding a call: its media opens and the peer code loads, side by side. */
  private hold(key: string | null, accountId: string, video: boolean, prebuilt: PrebuiltPeer | null = null): Held {
    // Another ring's peer, if any, is of no use once I hold a call.
    this.dropRingPeer();
    const local: LocalMediaController = new LocalMediaController({
      env: this.media,
      ...(prebuilt ? { stream: prebuilt.stream } : {}),
      onReplace: (oldTrack, newTrack, stream) => {
        if (held.mesh) held.mesh.replaceTrack(oldTrack, newTrack, stream);
        else held.prebuilt?.replaceTrack(oldTrack, newTrack, stream);
      },
      onChange: () => {
        if (this.held !== held) return;
        this.publishLocal(held);
        this.tellMedia(held);
      },
    });
    const held: Held = { key, accountId, callId: null, group: false, local, factory: null, initiateTo: null, mesh: null, early: [], prebuilt, told: null, joined: new Set(), awaitingOffer: null, offerTimer: null };
    this.held = held;
    const selected = this.store.getState().devices.selected;
    const opened = local.open(video, { microphone: selected.microphone, camera: selected.camera });
    // The device menus learn the names now allowed, beside the call: listing the devices
    // takes the browser tens of milliseconds, and the peers do not need the list.
    void opened.then(() => this.refreshDevices(), () => undefined);
    // The peers need the code, not the devices: they negotiate while the camera starts and
    // get its tracks when it answers (local-media.ts), so the call connects meanwhile.
    const loaded = this.peerCode().then((factory) => {
      held.factory = factory;
      if (this.held === held) this.heldChanged();
    });
    Promise.all([opened, loaded]).then(
      () => this.held === held && this.heldChanged(),
      (error: unknown) => {
        // Without the peer code there is no media to hold: the call fails rather than hanging silent.
        this.factory = null;
        this.onError(error);
        if (this.held !== held) return;
        this.release(held);
        if (held.key) void this.sendHangup(held.key, 'failed');
      },
    );
    return held;
  }

  /** In the call, the caller's offer not come yet: I offer to them myself if it has not come in CALLER_OFFER_WAIT_MS. */
  private offerUnlessOffered(held: Held, callerId: string): void {
    held.offerTimer = this.timers.set(() => {
      held.offerTimer = null;
      if (this.held !== held || held.awaitingOffer !== callerId) return;
      held.awaitingOffer = null;
      held.initiateTo = [callerId];
      held.mesh?.offerTo(callerId);
    }, CALLER_OFFER_WAIT_MS);
  }

  private stopAwaitingOffer(held: Held): void {
    held.awaitingOffer = null;
    if (held.offerTimer !== null) this.timers.clear(held.offerTimer);
    held.offerTimer = null;
  }

  /** The peer implementation, loaded once (its own chunk) on the first call that needs it. */
  private peerCode(): Promise<PeerFactory> {
    return (this.factory ??= this.loadPeers().then((factory) => (this.loadedFactory = factory)));
  }

  /** The held call changed (or its media became ready): follow it. */
  private heldChanged(): void {
    const held = this.held;
    if (!held?.key) return;
    const call = this.store.getState().calls[held.key];
    if (!call) return;
    held.group = call.group;
    // While my accept is on its way (`initiateTo` not known yet), the call main last sent may
    // still be the one I declined or left: joining a group call late starts from `ended`.
    // Only an ending after main answered ends the media.
    if (call.phase === 'ended' && held.initiateTo !== null) {
      this.release(held);
      return;
    }
    if (!held.mesh) this.buildMesh(held, call);
    if (!held.mesh) return;
    held.mesh.update(call.participants);
    // My 1:1 call rings: the peer that will answer the callee's offer is built now, with my
    // devices' tracks, rather than when the callee joins (just before the offer comes).
    const ringing = call.phase === 'calling' || call.phase === 'ringing';
    if (ringing && held.local.ready && call.direction === 'outgoing' && !call.group && !call.callerOffers && call.participants.length === 1) {
      held.mesh.prebuild(call.participants[0]!.userId, false);
    }
    const joined = new Set(call.participants.filter((p) => p.state === 'joined').map((p) => p.userId));
    const arrived = [...joined].some((id) => !held.joined.has(id));
    held.joined = joined;
    // A newcomer assumes an unmuted microphone and the call's camera: tell them otherwise.
    if (arrived && held.told && (held.told.audioMuted || held.told.videoOn !== (call.media === 'video'))) {
      this.sendMedia(held, { ...held.told });
    }
  }

  private buildMesh(held: Held, call: Call): void {
    const stream = held.local.sending;
    if (!held.factory || !stream || held.initiateTo === null || !held.key) return;
    const key = held.key;
    const { accountId, callId } = call;
    const prebuilt = held.prebuilt?.stream === stream ? held.prebuilt : null;
    if (!prebuilt) held.prebuilt?.destroy();
    held.prebuilt = null;
    held.mesh = new Mesh({
      ...(prebuilt ? { prebuilt } : {}),
      factory: held.factory,
      stream,
      initiateTo: held.initiateTo,
      ...(call.callerOffers && call.direction === 'outgoing' ? { offerBeforeAnswer: true } : {}),
      // The callee's offer wins a crossing on both sides (mesh.ts), so either end may be a client that offers from the callee.
      ...(call.callerOffers && !call.group ? { crossing: call.direction === 'outgoing' ? ('theirs' as const) : ('mine' as const) } : {}),
      ...(call.iceServers ? { iceServers: call.iceServers } : {}),
      timers: this.timers,
      send: (toUserId, signal) => {
        this.api.calls.signal({ accountId, callId, toUserId, signal }).then((r) => {
          if (!r.ok) this.onError(new Error(`call signal: ${r.error.message}`));
        }, this.onError);
      },
      onChange: (remotes) => this.held === held && this.store.setState({ remotes }),
      onFailed: () => {
        if (this.held !== held) return;
        // A 1:1 call ends when its one connection fails. In a group, a failed peer is often a
        // participant who vanished (the server removes them after its grace period): the call
        // goes on while any other connection lives.
        if (held.group && held.mesh?.anyAlive()) return;
        this.release(held);
        void this.sendHangup(key, 'failed');
      },
    });
    held.told = { ...call.local };
    // Those in the call now hear my state below; only later newcomers need it again.
    held.joined = new Set(call.participants.filter((p) => p.state === 'joined').map((p) => p.userId));
    for (const early of held.early.splice(0)) if (early.key === key) held.mesh.receive(early.fromUserId, early.signal);
    this.tellMedia(held);
  }

  /** Tells main what changed in my microphone / camera since it last heard (calls.setMedia → events 5 / 6). */
  private tellMedia(held: Held): void {
    // Before the devices answered, "camera off" would only be the camera not started yet.
    if (!held.mesh || !held.told || !held.local.ready) return;
    const { audioMuted, videoOn } = held.local;
    const changes: { audioMuted?: boolean; videoOn?: boolean } = {};
    if (audioMuted !== held.told.audioMuted) changes.audioMuted = audioMuted;
    if (videoOn !== held.told.videoOn) changes.videoOn = videoOn;
    if (Object.keys(changes).length === 0) return;
    held.told = { audioMuted, videoOn };
    this.sendMedia(held, changes);
  }

  private sendMedia(held: Held, changes: { audioMuted?: boolean; videoOn?: boolean }): void {
    if (!held.callId) return;
    this.api.calls.setMedia({ accountId: held.accountId, callId: held.callId, ...changes }).then((r) => {
      if (!r.ok) this.onError(new Error(`call media state: ${r.error.message}`));
    }, this.onError);
  }

  /** Ends this window's media for the held call: every peer closed, every local track stopped. */
  private release(held: Held): void {
    this.stopAwaitingOffer(held);
    held.prebuilt?.destroy();
    held.prebuilt = null;
    held.mesh?.close();
    held.local.stopAll();
    if (this.held !== held) return;
    this.held = null;
    this.store.setState({ local: idleLocal, remotes: {} });
    // No connection stays open after a call: a spare it did not use is closed (the next is
    // built when the pointer comes to a call button, prepare()).
    this.spare.dispose();
  }

  private publishLocal(held: Held): void {
    const { local } = held;
    this.store.setState((s) => ({
      local: { stream: local.preview(), audioMuted: local.audioMuted, videoOn: local.videoOn, ...(local.error ? { error: local.error } : {}) },
      // The menus show the device actually sending (the browser's default until one is chosen, or an earlier one when a choice failed).
      devices: { ...s.devices, selected: { ...s.devices.selected, ...local.inUse() } },
    }));
  }

  private async sendHangup(key: string, reason: 'hung-up' | 'failed'): Promise<void> {
    const { accountId, callId } = this.identify(key);
    const result = await this.api.calls.hangup({ accountId, callId, reason });
    if (result.ok) return;
    // Main no longer knows the call (it ended meanwhile, or main restarted): end it here, so the screen does not wait for an event that will not come.
    this.store.setState((s) => {
      const call = s.calls[key];
      if (!call || call.phase === 'ended') return {};
      return { calls: { ...s.calls, [key]: { ...call, phase: 'ended', endReason: reason, endedAt: Date.now() } } };
    });
  }

  private async refreshDevices(): Promise<void> {
    const found = await listDevices(this.media);
    this.store.setState((s) => ({ devices: { ...found, selected: s.devices.selected } }));
  }

  // --- helpers ---------------------------------------------------------------------------

  /** Holding a call that has not ended (a held call's ending screen does not count). */
  private active(): boolean {
    return this.held !== null;
  }

  /** The new held call replaces the previous one's ending screen. */
  private takeHeldKey(key: string): void {
    const previous = this.store.getState().heldKey;
    this.store.setState({ heldKey: key });
    if (previous && previous !== key) this.dismiss(previous);
  }

  /**
   * A command's answer (calls.start / calls.answer) and the events travel separately: an
   * event about the same call may have overtaken the answer. Keep whichever is further on.
   */
  private mergeAnswer(call: Call): void {
    const key = callKey(call);
    this.store.setState((s) => {
      const known = s.calls[key];
      // Same phase: the event is the newer one (main sends it as it answers, and later ones after).
      // A late join (or rejoin) of a group call: the answer is newer than the ending I had.
      const rejoined = known?.phase === 'ended' && call.phase === 'in-call' && (call.joinedAt ?? 0) > (known.endedAt ?? 0);
      if (known && !rejoined && phaseRank[known.phase] >= phaseRank[call.phase]) return {};
      return { calls: { ...s.calls, [key]: call } };
    });
  }

  private identify(key: string): { accountId: string; callId: string } {
    const call = this.store.getState().calls[key];
    if (call) return { accountId: call.accountId, callId: call.callId };
    const cut = key.lastIndexOf('|');
    return { accountId: key.slice(0, cut), callId: key.slice(cut + 1) };
  }
}

/** A transport that threw (the host went away) answers like a refusal. */
function failure(error: unknown): { ok: false; error: { message: string } } {
  return { ok: false, error: { message: error instanceof Error ? error.message : String(error) } };
}

const phaseRank: Record<Call['phase'], number> = { calling: 0, incoming: 0, ringing: 1, 'in-call': 2, ended: 3 };
