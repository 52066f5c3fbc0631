// The calls the server knows about, in memory (a restart ends them: there is nothing to
// resume; their history lines are on disk), and the two clocks that end calls without a
// request: the ring time (every still-ringing callee has missed the call; nobody joined →
// timeout) and the vanished-participant watch (a joined participant with no connected
// socket for the grace time leaves as failed). Ended calls are kept a while so that
// call_status and late stop_calls still find them.

import type { Logger } from '../../../main/core/logger';
import type { NetaloServices } from '../context';
import { endCall, joinedUins, leaveCall, ringOut, uinsIn, type CallState, type Step } from './call-machine';
import { announceAnswer, announceEndIfOver, announceStop, settleChange, type CallOut } from './call-flow';
import type { CallLabels } from './call-wire';
import { Answer } from './call-requests';

export const DEFAULT_RING_SECONDS = 30;
export const DEFAULT_GRACE_SECONDS = 10;
/** How long an ended call still answers call_status. */
const ENDED_KEEP_MS = 10 * 60_000;
/** At most this many ended calls are kept, however recent. */
const ENDED_KEEP_MAX = 10_000;

export interface LiveCall {
  state: CallState;
  labels: CallLabels;
}

export interface CallRegistryOptions {
  ringMs: number;
  graceMs: number;
  log: Logger;
  /** The services (which hold this registry), for the timers' own changes. */
  services: () => NetaloServices;
}

export class CallRegistry {
  private readonly calls = new Map<string, LiveCall>();
  private readonly ongoingByGroup = new Map<string, string>();
  private readonly ringTimers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Ended calls, oldest first, with when they ended (performance.now()). */
  private readonly endedOrder: Array<{ callId: string; at: number }> = [];
  /** Joined participants seen without any connected socket, since when (performance.now()). */
  private readonly goneSince = new Map<string, number>();
  private watch: ReturnType<typeof setInterval> | undefined;
  private closed = false;

  constructor(private readonly opts: CallRegistryOptions) {}

  get(callId: string): LiveCall | undefined {
    return this.calls.get(callId);
  }

  /** The conversation's ongoing call, if any (one at a time per conversation). */
  ongoingIn(groupId: string): LiveCall | undefined {
    const callId = this.ongoingByGroup.get(groupId);
    return callId === undefined ? undefined : this.calls.get(callId);
  }

  /** Is `uin` in a call: joined in an ongoing one? */
  isInCall(uin: string): boolean {
    for (const callId of this.ongoingByGroup.values()) {
      const live = this.calls.get(callId);
      if (live && joinedUins(live.state).includes(uin)) return true;
    }
    return false;
  }

  /** Records a call's new state (a new call too); starts or stops its timers. Call last in a change. */
  put(live: LiveCall, next: CallState): void {
    const isNew = !this.calls.has(next.callId);
    live.state = next;
    this.calls.set(next.callId, live);
    if (next.status === 'ongoing') {
      this.ongoingByGroup.set(next.groupId, next.callId);
      if (isNew && !this.closed) this.startRinging(next.callId);
      this.startWatching();
      return;
    }
    if (this.ongoingByGroup.get(next.groupId) === next.callId) this.ongoingByGroup.delete(next.groupId);
    const timer = this.ringTimers.get(next.callId);
    if (timer) clearTimeout(timer);
    this.ringTimers.delete(next.callId);
    this.endedOrder.push({ callId: next.callId, at: performance.now() });
    this.prune();
    if (this.ongoingByGroup.size === 0) this.stopWatching();
  }

  /**
   * Ends every ongoing call (the server is stopping): lines written, everyone told with a
   * final stop_call (reason failed); then no timer is left running.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const callId of [...this.ongoingByGroup.values()]) {
      this.runTimed('end on close', callId, (out, live) => {
        const step = endCall(live.state, out.services.clock());
        if (!step.ok) return;
        announceStop(out, live, step.call, live.state.callerUin, 'failed');
        settleChange(out, this, live, step.call);
      });
    }
    for (const timer of this.ringTimers.values()) clearTimeout(timer);
    this.ringTimers.clear();
    this.stopWatching();
  }

  // ---- the ring time ----

  private startRinging(callId: string): void {
    const timer = setTimeout(() => {
      this.ringTimers.delete(callId);
      this.runTimed('ring time', callId, (out, live) => {
        const before = live.state;
        const step = ringOut(before, out.services.clock());
        if (!step.ok) return;
        for (const uin of uinsIn(before, 'invited')) announceAnswer(out, live, step.call, uin, Answer.timeout);
        announceEndIfOver(out, live, step.call, before.callerUin);
        settleChange(out, this, live, step.call);
      });
    }, this.opts.ringMs);
    timer.unref();
    this.ringTimers.set(callId, timer);
  }

  // ---- vanished participants ----

  private startWatching(): void {
    if (this.watch || this.closed) return;
    const every = Math.max(50, Math.min(1000, Math.floor(this.opts.graceMs / 4)));
    this.watch = setInterval(() => this.checkVanished(), every);
    this.watch.unref();
  }

  private stopWatching(): void {
    if (this.watch) clearInterval(this.watch);
    this.watch = undefined;
    this.goneSince.clear();
  }

  private checkVanished(): void {
    const services = this.opts.services();
    const now = performance.now();
    const stillGone = new Set<string>();
    for (const callId of [...this.ongoingByGroup.values()]) {
      const live = this.calls.get(callId);
      if (!live) continue;
      for (const uin of joinedUins(live.state)) {
        if (services.presence.isOnline(uin)) continue;
        stillGone.add(uin);
        const since = this.goneSince.get(uin) ?? now;
        this.goneSince.set(uin, since);
        if (now - since < this.opts.graceMs) continue;
        this.runTimed('vanished participant', callId, (out, current) => {
          const step: Step = leaveCall(current.state, uin, out.services.clock());
          if (!step.ok) return;
          announceStop(out, current, step.call, uin, 'failed');
          settleChange(out, this, current, step.call);
        });
      }
    }
    for (const uin of [...this.goneSince.keys()]) if (!stillGone.has(uin)) this.goneSince.delete(uin);
  }

  /** A change of the server's own to an ongoing call, in its own transaction; its pushes once committed. */
  private runTimed(what: string, callId: string, work: (out: CallOut, live: LiveCall) => void): void {
    const live = this.calls.get(callId);
    if (!live || live.state.status !== 'ongoing') return;
    const services = this.opts.services();
    const tasks: Array<() => void> = [];
    try {
      services.transaction(() => work({ services, later: (task) => tasks.push(task) }, live));
    } catch (e) {
      this.opts.log.error('call change failed', { what, callId, error: e instanceof Error ? e.message : String(e) });
      return;
    }
    for (const task of tasks) {
      try {
        task();
      } catch (e) {
        this.opts.log.error('call push failed', { what, callId, error: (e as Error).message });
      }
    }
  }

  private prune(): void {
    const cutoff = performance.now() - ENDED_KEEP_MS;
    while (this.endedOrder.length > 0 && (this.endedOrder[0]!.at < cutoff || this.endedOrder.length > ENDED_KEEP_MAX)) {
      const { callId } = this.endedOrder.shift()!;
      if (this.calls.get(callId)?.state.status !== 'ongoing') this.calls.delete(callId);
    }
  }
}
