// Every call main knows of, per account: the adapters' call signals and the windows' calls.*
// commands go through the state machine (call-machine.ts) here, and every change goes out as
// `call.updated` (the whole Call). Main also decides what no window can:
// - busy on this machine: a call that comes in while any account is in a call is answered
//   busy at once, and no window hears of it (the caller's side ends `busy`);
// - its own ring timer (CALL_RING_MS + 5 s), in case the server never says;
// - the window that started or accepted a call holds it: when that window goes, the call is
//   hung up (the media ran there);
// - signing an account out, or quitting, hangs its calls up, telling the others why;
// - a group call that ended for me but runs on for others stays (`ongoing`, "Join") until the
//   server says it is over (a push, its call line, or call_status, asked every so often).
// Media never passes through here: `call.signal` hands the window the other side's
// offer / answer / candidates, `calls.signal` sends the window's.

import { CALL_RING_MS, type Call, type CallMedia, type CallSignal, type Id } from '../../../contract/domain';
import { ParleyError, isTransient } from '../../../contract/errors';
import type { EventPayload, ParleyEvent } from '../../../contract/events';
import type { CallEventOut, ProtocolAdapter } from '../adapter';
import type { CommandContext, CommandHandlers } from '../dispatch';
import { errorName, type Logger } from '../logger';
import { busyCall, incomingCall, isActive, outgoingCall, transition, type CallInput, type LocalEndReason } from './call-machine';

/** Main's own ring timer: the server's ring time and a margin, in case the server never says. */
export const MAIN_RING_MS = CALL_RING_MS + 5_000;
/** How often a group call that runs on without me is checked, in case its end is never pushed to me. */
export const ONGOING_CHECK_MS = 15_000;
/** Signing out and quitting wait this long at most for the server to hear the hang-up. */
export const GOODBYE_WAIT_MS = 2_000;
/** A signal for a call not registered yet (its ack still on the way) waits this long for it. */
const EARLY_SIGNAL_MS = 10_000;

type CallCommandName = Extract<keyof CommandHandlers, `calls.${string}`>;

/** What the registry uses of an adapter: its calls, where `capabilities.calls`. */
export type CallAdapter = Pick<
  ProtocolAdapter,
  'capabilities' | 'startCall' | 'answerCall' | 'stopCall' | 'callStatus' | 'sendCallMedia' | 'sendCallEvent'
>;

export interface CallAccount {
  id: string;
  /** My user ID on that account. */
  userId: Id;
  adapter: CallAdapter;
}

export interface CallRegistryDeps {
  /** A signed-in account, or undefined. */
  account(accountId: string): CallAccount | undefined;
  emit<E extends 'call.updated' | 'call.signal' | 'call.answerRequested'>(name: E, payload: EventPayload<E>): void;
  log: Logger;
  now?: () => number;
}

interface Entry {
  call: Call;
  /** The window holding the call's media: the one that started or accepted it. */
  windowId?: string;
  ringTimer?: ReturnType<typeof setTimeout>;
  checkTimer?: ReturnType<typeof setInterval>;
  /**
   * A `callerOffers` call coming in: the caller's offer and candidates, held until I accept
   * (no window runs media for it before), then handed to the windows in order.
   */
  heldMedia?: Array<Extract<CallSignal, { kind: 'media' }>>;
  /** My accept is on its way to the server: media signals go to the windows, no longer held. */
  accepting?: boolean;
}

/** Media signals held for one incoming call before it is accepted (an offer and its trickled candidates). */
const MAX_HELD_MEDIA = 128;

export class CallRegistry {
  private readonly entries = new Map<string, Entry>();
  /** Signals that arrived before their call was registered (an event 3 overtaking create_call's ack). */
  private readonly early = new Map<string, { signals: CallSignal[]; timer: ReturnType<typeof setTimeout> }>();
  private readonly log: Logger;
  private readonly now: () => number;
  private stopped = false;

  constructor(private readonly deps: CallRegistryDeps) {
    this.log = deps.log;
    this.now = deps.now ?? Date.now;
  }

  /** Every call main knows of. */
  list(): Call[] {
    return [...this.entries.values()].map((e) => e.call);
  }

  /** Is any account in a call on this machine (placing one, or in one)? */
  busy(): boolean {
    return [...this.entries.values()].some((e) => isActive(e.call));
  }

  // ---- commands ----

  commands(): Pick<CommandHandlers, CallCommandName> {
    return {
      'calls.list': async () => this.list(),
      'calls.start': ({ accountId, conversationId, media }, context) => this.start(accountId, conversationId, media, context),
      'calls.answer': ({ accountId, callId, accept, media }, context) =>
        accept ? this.accept(accountId, callId, media, context) : this.decline(accountId, callId),
      'calls.hangup': async ({ accountId, callId, reason }) => {
        const entry = this.require(accountId, callId);
        await this.hangUp(entry, reason ?? 'hung-up');
        return null;
      },
      'calls.signal': async ({ accountId, callId, toUserId, signal }) => {
        const { call } = this.requireLive(accountId, callId);
        await this.adapterOf(accountId).sendCallMedia?.({ callId, conversationId: call.conversationId, toUserId, signal });
        return null;
      },
      'calls.setMedia': async ({ accountId, callId, audioMuted, videoOn }) => {
        const entry = this.requireLive(accountId, callId);
        const changes = { ...(audioMuted !== undefined ? { audioMuted } : {}), ...(videoOn !== undefined ? { videoOn } : {}) };
        this.apply(entry, { type: 'local-media', ...changes });
        const { call } = entry;
        // Before I am in the call, nobody needs to know (the window sends it again once in).
        if (call.phase === 'in-call') {
          await this.tell(call, this.joinedOthers(call), { type: 'media-state', audioMuted: call.local.audioMuted, videoOn: call.local.videoOn });
        }
        return null;
      },
      'calls.requestVideo': async ({ accountId, callId }) => {
        const { call } = this.requireLive(accountId, callId);
        if (call.phase !== 'in-call') throw new ParleyError('invalid-argument', 'Video can be asked for only during a call.');
        await this.tell(call, this.joinedOthers(call), { type: 'video-request' });
        return null;
      },
    };
  }

  private async start(accountId: string, conversationId: Id, media: CallMedia, context: CommandContext | undefined): Promise<Call> {
    const account = this.requireAccount(accountId);
    const { adapter } = account;
    if (!adapter.capabilities.calls || !adapter.startCall || !adapter.answerCall) {
      throw new ParleyError('unsupported', 'Calls are not available on this server.');
    }
    if (this.busy()) throw new ParleyError('conflict', 'You are already in a call. Hang up first.');
    const started = await adapter.startCall({ conversationId, media });
    const now = this.now();
    if (started.busy) {
      // Over at once: the windows hear it ended (busy) once; main keeps nothing.
      const call = busyCall({ accountId, callId: started.callId ?? `busy-${now}`, conversationId, group: false, me: account.userId, media, calleeIds: [], now });
      this.deps.emit('call.updated', { call });
      return call;
    }
    const { callId } = started;
    if (started.callerId && started.callerId !== account.userId) {
      // The conversation already had a call running: join it.
      const existing = incomingCall({
        accountId,
        callId,
        conversationId,
        group: started.group,
        me: account.userId,
        callerId: started.callerId,
        media,
        calleeIds: started.calleeIds,
        joinedIds: started.joinedIds ?? [],
        startedAt: started.startedAt,
      });
      const entry = this.add({ call: existing });
      this.log.info('joining the call already running in the conversation', { group: started.group });
      try {
        await this.join(entry, media, context);
      } catch (e) {
        // No window has heard of this call yet: nothing to end, only to forget.
        this.forget(entry, false);
        throw e;
      }
      this.replayEarly(entry);
      return entry.call;
    }
    const call = outgoingCall({
      accountId,
      callId,
      conversationId,
      group: started.group,
      me: account.userId,
      media,
      calleeIds: started.calleeIds,
      startedAt: started.startedAt,
      callerOffers: started.callerOffers,
      iceServers: started.iceServers,
    });
    const entry = this.add({ call, ...(context?.windowId ? { windowId: context.windowId } : {}) });
    this.deps.emit('call.updated', { call });
    this.log.info('call placed', { group: call.group, media, callees: call.participants.length });
    this.replayEarly(entry);
    return entry.call;
  }

  private async accept(accountId: string, callId: Id, media: CallMedia | undefined, context: CommandContext | undefined): Promise<Call> {
    const entry = this.require(accountId, callId);
    const { call } = entry;
    if (call.phase === 'in-call') return call; // accepted already (a double click)
    if (call.phase !== 'incoming' && !(call.phase === 'ended' && call.ongoing)) {
      throw new ParleyError('conflict', 'This call can no longer be answered.');
    }
    if (this.busy()) throw new ParleyError('conflict', 'You are already in a call. Hang up first.');
    await this.join(entry, media ?? call.media, context);
    return entry.call;
  }

  /** answer_call accept, then in-call with whoever is in it; a refusal ends the call with its reason. */
  private async join(entry: Entry, media: CallMedia, context: CommandContext | undefined): Promise<void> {
    const { call } = entry;
    const adapter = this.adapterOf(call.accountId);
    let joinedIds: Id[];
    // The caller's offer goes to the windows with my accept, not one round trip later: the
    // accepting window answers it while the server hears the accept (the server relays the
    // signals of a callee it still rings). A refused accept ends the call, and the window
    // with it.
    entry.accepting = true;
    this.releaseHeldMedia(entry);
    try {
      ({ joinedIds } = await adapter.answerCall!({ callId: call.callId, conversationId: call.conversationId, answer: 'accept' }));
    } catch (e) {
      if (!(e instanceof ParleyError) || isTransient(e.code) || e.code === 'not-signed-in') {
        // Still ringing: what comes meanwhile is held again for the next accept.
        entry.accepting = false;
        throw e;
      }
      // The server said no for good: the call is full, over, or not for me.
      const full = e.code === 'forbidden' && /full/i.test(e.message);
      this.log.info('the server refused to let me join the call', { code: e.code, full });
      this.apply(entry, { type: 'refused', reason: full ? 'full' : 'unavailable' });
      return;
    }
    const me = this.requireAccount(call.accountId).userId;
    if (context?.windowId) entry.windowId = context.windowId;
    this.apply(entry, { type: 'accept', joinedIds: joinedIds.filter((id) => id !== me), videoOn: media === 'video' });
  }

  /** Accepting: the caller's offer and candidates held so far go to the windows now (callerOffers). */
  private releaseHeldMedia(entry: Entry): void {
    const held = entry.heldMedia;
    delete entry.heldMedia;
    if (!held) return;
    const { accountId, callId } = entry.call;
    for (const signal of held) this.deps.emit('call.signal', { accountId, callId, fromUserId: signal.fromUserId, signal: signal.signal });
  }

  private async decline(accountId: string, callId: Id): Promise<Call> {
    const entry = this.require(accountId, callId);
    const { call } = entry;
    if (call.phase === 'ended') return call; // declined already, or over meanwhile
    if (call.phase !== 'incoming') throw new ParleyError('conflict', 'This call was answered already: hang up instead.');
    this.apply(entry, { type: 'decline' });
    await this.bestEffort('decline', () =>
      this.adapterOf(accountId).answerCall?.({ callId, conversationId: call.conversationId, answer: 'reject' }),
    );
    return entry.call;
  }

  /** Leaves the call for `reason`: refuses it (incoming), cancels it (placed), or hangs up; the server hears why. */
  private async hangUp(entry: Entry, reason: LocalEndReason, opts: { waitMs?: number } = {}): Promise<void> {
    const before = entry.call;
    if (before.phase === 'ended') {
      // Dismissing a group call that runs on without me: forget it.
      if (before.ongoing) this.forget(entry, true);
      return;
    }
    this.apply(entry, { type: 'hang-up', reason });
    const { accountId, callId, conversationId } = before;
    const adapter = this.deps.account(accountId)?.adapter;
    if (!adapter) return;
    const send = async () => {
      if (before.phase === 'incoming') {
        await adapter.answerCall?.({ callId, conversationId, answer: reason === 'failed' ? 'failed' : 'reject' });
        return;
      }
      if (before.phase !== 'in-call') {
        // A cancel before any answer: event 1 for clients that listen for it, then stop_call.
        const rung = before.participants.filter((p) => p.state === 'invited').map((p) => p.userId);
        if (rung.length > 0) await this.bestEffort('cancel', () => adapter.sendCallEvent?.({ callId, conversationId, toUserIds: rung, event: { type: 'cancel' } }));
      }
      await adapter.stopCall?.({ callId, conversationId, reason });
    };
    await this.bestEffort('hang up', send, opts.waitMs);
  }

  // ---- what the adapters say ----

  /** A call signal from an account's adapter. */
  onSignal(accountId: string, signal: CallSignal): void {
    if (this.stopped) return;
    const account = this.deps.account(accountId);
    if (!account) return;
    const entry = this.entries.get(key(accountId, signal.callId));
    if (signal.kind === 'invite') {
      if (!entry) this.onInvite(account, signal);
      return;
    }
    if (!entry) {
      this.keepEarly(accountId, signal);
      return;
    }
    if (signal.kind === 'media' && entry.call.callerOffers && entry.call.phase === 'incoming' && !entry.accepting) {
      // No window holds this call's media yet: the offer waits for my accept.
      entry.heldMedia ??= [];
      if (entry.heldMedia.length < MAX_HELD_MEDIA) entry.heldMedia.push(signal);
      return;
    }
    const input = this.inputFor(entry.call, account.userId, signal);
    if (input) this.apply(entry, input);
  }

  private onInvite(account: CallAccount, invite: Extract<CallSignal, { kind: 'invite' }>): void {
    const { adapter } = account;
    if (invite.callerId === account.userId) return;
    if (this.busy()) {
      // In a call on this machine (any account): the caller hears busy at once.
      this.log.info('a call came in while in another call: answered busy', { group: invite.group });
      void this.bestEffort('busy answer', () => adapter.answerCall?.({ callId: invite.callId, conversationId: invite.conversationId, answer: 'busy' }));
      return;
    }
    const call = incomingCall({ ...invite, accountId: account.id, me: account.userId });
    const entry = this.add({ call });
    this.deps.emit('call.updated', { call });
    this.log.info('call coming in', { group: call.group, media: call.media });
    // Event 3 for clients whose server does not send it itself (Parley's does; a repeat is harmless).
    void this.bestEffort('received', () =>
      adapter.sendCallEvent?.({ callId: call.callId, conversationId: call.conversationId, toUserIds: [call.callerId], event: { type: 'received' } }),
    );
    this.replayEarly(entry);
  }

  private inputFor(call: Call, me: Id, signal: Exclude<CallSignal, { kind: 'invite' }>): CallInput | null {
    const from = signal.fromUserId;
    switch (signal.kind) {
      case 'received':
        return { type: 'received', userId: from };
      case 'answer':
        if (from === me) {
          // My own answer, seen by this device: elsewhere, unless the server timed me out.
          if (signal.answer === 'timeout' || signal.answer === 'failed') return { type: 'ring-timeout' };
          return call.phase === 'incoming' ? { type: 'answered-elsewhere' } : null;
        }
        if (signal.answer === 'accept') return { type: 'accepted', userId: from };
        if (signal.answer === 'reject' || signal.answer === 'busy') return { type: 'declined', userId: from, busy: signal.answer === 'busy' };
        return { type: 'missed', userId: from };
      case 'left':
        if (signal.ended) return { type: 'over', status: signal.ended, ...(signal.reason ? { reason: signal.reason } : {}) };
        // My own leave from another device: I am out of the call here too.
        if (from === me) return call.phase === 'ended' ? null : { type: 'hang-up', reason: 'hung-up' };
        return { type: 'left', userId: from, ...(signal.reason ? { reason: signal.reason } : {}) };
      case 'media':
        if (call.phase !== 'ended') {
          this.deps.emit('call.signal', { accountId: call.accountId, callId: call.callId, fromUserId: from, signal: signal.signal });
        }
        return null;
      case 'media-state':
        return { type: 'remote-media', userId: from, videoOn: signal.videoOn, ...(signal.audioMuted !== undefined ? { audioMuted: signal.audioMuted } : {}) };
      case 'video-request':
        return { type: 'video-request', userId: from };
      case 'cancel':
        return { type: 'cancelled', userId: from };
    }
  }

  // ---- the core's events, hosts and life cycle ----

  /**
   * What the windows hear, heard here too: an account back online has each of its calls
   * checked with the server (it may have ended while we were away); a call's line in the
   * timeline means it is over.
   */
  onEvents(batch: readonly ParleyEvent[]): void {
    for (const event of batch) {
      if (event.name === 'connection.changed' && event.payload.state === 'online') {
        for (const entry of this.entries.values()) if (entry.call.accountId === event.payload.accountId) void this.checkStatus(entry);
      } else if (event.name === 'message.upserted' && event.payload.message.kind === 'call' && event.payload.message.call) {
        const entry = this.entries.get(key(event.payload.message.accountId, event.payload.message.call.callId));
        // Only a call that already ended for me: an active one ends with the server's own push.
        if (entry?.call.phase === 'ended') this.apply(entry, { type: 'over', status: 'finished' });
      }
    }
  }

  /** The user answered from a notification (Electron): the windows answer it themselves, where the media runs. */
  requestAnswer(accountId: string, callId: Id, media: CallMedia): void {
    const call = this.entries.get(key(accountId, callId))?.call;
    if (!call || !(call.phase === 'incoming' || (call.phase === 'ended' && call.ongoing))) {
      this.log.info('answer requested for a call that cannot be answered now', {});
      return;
    }
    this.deps.emit('call.answerRequested', { accountId, callId, media });
  }

  /** A window went (closed, reloaded, its socket dropped): the calls it held are hung up. */
  windowClosed(windowId: string): void {
    for (const entry of [...this.entries.values()]) {
      if (entry.windowId !== windowId || entry.call.phase === 'ended') continue;
      this.log.info('the window holding a call went: hanging up', {});
      void this.hangUp(entry, 'quit');
    }
  }

  /** An account is signing out (its adapter still open) or lost its session: its calls end. */
  async accountGone(accountId: string): Promise<void> {
    const mine = [...this.entries.values()].filter((e) => e.call.accountId === accountId);
    await Promise.all(mine.map((e) => this.hangUp(e, 'signed-out', { waitMs: GOODBYE_WAIT_MS })));
    for (const e of mine) this.forget(e, e.call.ongoing === true);
    this.dropEarly(accountId);
  }

  /** Parley quits: every call is hung up (reason quit), waiting a little for the server to hear it. */
  async stop(): Promise<void> {
    const all = [...this.entries.values()];
    await Promise.all(all.map((e) => this.hangUp(e, 'quit', { waitMs: GOODBYE_WAIT_MS })));
    this.stopped = true;
    for (const e of [...this.entries.values()]) this.forget(e, false);
    this.dropEarly();
  }

  // ---- internals ----

  private add(entry: Entry): Entry {
    this.entries.set(key(entry.call.accountId, entry.call.callId), entry);
    this.schedule(entry);
    return entry;
  }

  /** Runs one transition: refused ones are logged and change nothing; a change is told to every window. */
  private apply(entry: Entry, input: CallInput): void {
    const before = entry.call;
    const result = transition(before, input, this.now());
    if (!result.ok) {
      this.log.debug('call transition refused', { refused: result.refused });
      return;
    }
    if (result.call === before) return;
    entry.call = result.call;
    if (this.entries.get(key(before.accountId, before.callId)) !== entry) return; // forgotten meanwhile
    this.deps.emit('call.updated', { call: entry.call });
    this.announceMedia(before, entry.call);
    if (entry.call.phase === 'ended') {
      this.log.info('call ended', { reason: entry.call.endReason, ongoing: entry.call.ongoing === true });
      if (!entry.call.ongoing) {
        this.forget(entry, false);
        return;
      }
      delete entry.windowId;
    }
    this.schedule(entry);
  }

  /** The ring timer while ringing; the status check while a group call runs on without me. */
  private schedule(entry: Entry): void {
    const { phase, ongoing } = entry.call;
    const ringing = phase === 'calling' || phase === 'ringing' || phase === 'incoming';
    if (ringing && !entry.ringTimer) {
      // From when this machine heard of the call: the server's clock may not agree with ours.
      entry.ringTimer = setTimeout(() => void this.rangOut(entry), MAIN_RING_MS);
    } else if (!ringing && entry.ringTimer) {
      clearTimeout(entry.ringTimer);
      delete entry.ringTimer;
    }
    const waiting = phase === 'ended' && ongoing === true;
    if (waiting && !entry.checkTimer) entry.checkTimer = setInterval(() => void this.checkStatus(entry), ONGOING_CHECK_MS);
    else if (!waiting && entry.checkTimer) {
      clearInterval(entry.checkTimer);
      delete entry.checkTimer;
    }
  }

  /** Main's ring timer went off: the server never said. Ends the call here and tells the server. */
  private async rangOut(entry: Entry): Promise<void> {
    delete entry.ringTimer;
    const before = entry.call;
    if (before.phase !== 'calling' && before.phase !== 'ringing' && before.phase !== 'incoming') return;
    this.log.info('call rang out (main timer)', { direction: before.direction });
    this.apply(entry, { type: 'ring-timeout' });
    const adapter = this.deps.account(before.accountId)?.adapter;
    const { callId, conversationId } = before;
    if (before.phase === 'incoming') await this.bestEffort('timeout answer', () => adapter?.answerCall?.({ callId, conversationId, answer: 'timeout' }));
    else await this.bestEffort('stop after ring time', () => adapter?.stopCall?.({ callId, conversationId, reason: 'hung-up' }));
  }

  /** Asks the server whether a call still runs; one that is over ends (or, ended for me, is forgotten). */
  private async checkStatus(entry: Entry): Promise<void> {
    const { call } = entry;
    const adapter = this.deps.account(call.accountId)?.adapter;
    if (!adapter?.callStatus) return;
    let status: 'ongoing' | 'timeout' | 'finished';
    try {
      status = await adapter.callStatus({ callId: call.callId, conversationId: call.conversationId });
    } catch (e) {
      if (e instanceof ParleyError && e.code === 'not-found') status = 'finished';
      else {
        this.log.info('call status not known', { error: errorName(e) });
        return;
      }
    }
    if (status !== 'ongoing' && this.entries.get(key(call.accountId, call.callId)) === entry) this.apply(entry, { type: 'over', status });
  }

  private forget(entry: Entry, announce: boolean): void {
    if (entry.ringTimer) clearTimeout(entry.ringTimer);
    if (entry.checkTimer) clearInterval(entry.checkTimer);
    delete entry.ringTimer;
    delete entry.checkTimer;
    const k = key(entry.call.accountId, entry.call.callId);
    if (this.entries.get(k) !== entry) return;
    this.entries.delete(k);
    if (announce && entry.call.ongoing) {
      // The "Join" the windows offer goes too.
      entry.call = { ...entry.call, ongoing: false };
      this.deps.emit('call.updated', { call: entry.call });
    }
  }

  private keepEarly(accountId: string, signal: CallSignal): void {
    const k = key(accountId, signal.callId);
    let held = this.early.get(k);
    if (!held) {
      held = { signals: [], timer: setTimeout(() => this.early.delete(k), EARLY_SIGNAL_MS) };
      this.early.set(k, held);
    }
    if (held.signals.length < 64) held.signals.push(signal);
  }

  private replayEarly(entry: Entry): void {
    const k = key(entry.call.accountId, entry.call.callId);
    const held = this.early.get(k);
    if (!held) return;
    clearTimeout(held.timer);
    this.early.delete(k);
    for (const signal of held.signals) this.onSignal(entry.call.accountId, signal);
  }

  private dropEarly(accountId?: string): void {
    for (const [k, held] of this.early) {
      if (accountId !== undefined && !k.startsWith(`${accountId}\n`)) continue;
      clearTimeout(held.timer);
      this.early.delete(k);
    }
  }

  /**
   * Whoever is new in the call with me (I just joined: everyone in it; someone joined: them)
   * hears my microphone and camera, so their tile of me is right from the start.
   */
  private announceMedia(before: Call, after: Call): void {
    if (after.phase !== 'in-call') return;
    const known = new Set(before.phase === 'in-call' ? this.joinedOthers(before) : []);
    const newcomers = this.joinedOthers(after).filter((id) => !known.has(id));
    if (newcomers.length === 0) return;
    const { audioMuted, videoOn } = after.local;
    void this.bestEffort('media state', () => this.tell(after, newcomers, { type: 'media-state', audioMuted, videoOn }));
  }

  private joinedOthers(call: Call): Id[] {
    return call.participants.filter((p) => p.state === 'joined').map((p) => p.userId);
  }

  private async tell(call: Call, to: Id[], event: CallEventOut): Promise<void> {
    if (to.length === 0) return;
    await this.adapterOf(call.accountId).sendCallEvent?.({ callId: call.callId, conversationId: call.conversationId, toUserIds: to, event });
  }

  /** A request whose failure changes nothing here (the server's timers clean up): logged, bounded when asked. */
  private async bestEffort(what: string, run: () => Promise<unknown> | undefined, waitMs?: number): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const work = Promise.resolve()
      .then(run)
      .catch((e: unknown) => this.log.info(`call ${what} not delivered`, { error: errorName(e) }));
    const gaveUp = waitMs === undefined ? undefined : new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)));
    await (gaveUp ? Promise.race([work, gaveUp]) : work);
    clearTimeout(timer);
  }

  private requireAccount(accountId: string): CallAccount {
    const account = this.deps.account(accountId);
    if (!account) throw new ParleyError('not-signed-in', 'That account is not signed in. Please sign in again.');
    return account;
  }

  private adapterOf(accountId: string): CallAdapter {
    return this.requireAccount(accountId).adapter;
  }

  private require(accountId: string, callId: Id): Entry {
    this.requireAccount(accountId);
    const entry = this.entries.get(key(accountId, callId));
    if (!entry) throw new ParleyError('not-found', 'That call is over.');
    return entry;
  }

  /** A call that has not ended (for me). */
  private requireLive(accountId: string, callId: Id): Entry {
    const entry = this.require(accountId, callId);
    if (entry.call.phase === 'ended') throw new ParleyError('not-found', 'That call is over.');
    return entry;
  }
}

function key(accountId: string, callId: Id): string {
  return `${accountId}\n${callId}`;
}
