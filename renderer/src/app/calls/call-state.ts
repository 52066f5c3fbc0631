// What the call screen shows, from main's Call and this window's peers: the overall
// connection (the `data-connection` of the call view and its status line), and which calls
// ring here.

import type { Call } from '../../contract';
import type { CallsState, PeerConnectionState, RemoteMedia } from '../../calls/types';
import { t } from '../../i18n';

export type OverallConnection = 'connecting' | 'connected' | 'reconnecting' | 'failed';

/**
 * The call's connection as one word: every joined participant's peer counts. Failed if any
 * failed (the session hangs up then), reconnecting if any is, connecting while any peer is
 * not up yet (or has no connection at all yet), else connected.
 */
export function overallConnection(call: Pick<Call, 'phase' | 'participants'>, remotes: Record<string, RemoteMedia>): OverallConnection {
  if (call.phase !== 'in-call') return 'connecting';
  const states: Array<PeerConnectionState | undefined> = call.participants.filter((p) => p.state === 'joined').map((p) => remotes[p.userId]?.connection);
  if (states.length === 0) return 'connecting';
  if (states.includes('failed')) return 'failed';
  if (states.includes('reconnecting')) return 'reconnecting';
  if (states.some((s) => s !== 'connected')) return 'connecting';
  return 'connected';
}

/** The status line under the name: "Calling…", "Ringing…", then the connection. */
export function statusText(call: Pick<Call, 'phase'>, connection: OverallConnection): string {
  switch (call.phase) {
    case 'calling':
    case 'incoming':
      return t('call.status.calling');
    case 'ringing':
      return t('call.status.ringing');
    case 'ended':
      return t('call.status.ended');
    default:
      return t(`call.status.${connection}`);
  }
}

/** Incoming calls this window should ring for: not answered, not the one it holds. */
export function ringingCalls(state: Pick<CallsState, 'calls' | 'heldKey'>): Array<[string, Call]> {
  return Object.entries(state.calls)
    .filter(([key, call]) => call.phase === 'incoming' && key !== state.heldKey)
    .sort(([, a], [, b]) => a.startedAt - b.startedAt);
}

/** A group call that runs without me in this conversation: "Join" is offered. */
export function joinableCall(state: Pick<CallsState, 'calls'>, accountId: string, conversationId: string): [string, Call] | undefined {
  return Object.entries(state.calls).find(
    ([, c]) => c.accountId === accountId && c.conversationId === conversationId && c.phase === 'ended' && c.ongoing === true,
  );
}

/** A call in this conversation that I am placing, ringing or in: no second call is started. */
export function busyInConversation(state: Pick<CallsState, 'calls'>, accountId: string, conversationId: string): boolean {
  return Object.values(state.calls).some((c) => c.accountId === accountId && c.conversationId === conversationId && c.phase !== 'ended');
}
