// Calls in words, from this user's side: the running duration, why a call ended, and the
// timeline's call lines (one CallRecord, worded differently for the caller and the callee:
// a `missed` call is "No answer" for whoever placed it and "Missed call" for the others).

import { MAX_CALL_PARTICIPANTS, type Call, type CallEndReason, type CallRecord } from '../../contract';
import { t, type MessageKey } from '../../i18n';

/** "0:07", "2:05", "1:02:05": minutes and seconds, hours only once there are any. */
export function formatCallDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** A call line ("Missed video call", "Outgoing call · 2:05"), worded for `myUserId`. */
export function callLineText(record: Pick<CallRecord, 'outcome' | 'media' | 'callerId' | 'durationMs'>, myUserId: string | undefined): string {
  const side = record.callerId === myUserId ? 'outgoing' : 'incoming';
  const media = record.media === 'video' ? 'video' : 'audio';
  const outcome = (['ended', 'declined', 'missed', 'busy'] as const).includes(record.outcome) ? record.outcome : 'missed';
  return t(`call.line.${outcome}.${side}.${media}` as MessageKey, { duration: formatCallDuration(record.durationMs ?? 0) });
}

export type EndingFacts = Pick<Call, 'direction' | 'group' | 'joinedAt' | 'endedAt'> & { endReason?: CallEndReason | undefined };

/**
 * Why the call ended, in one sentence. `name` is the other side: the peer of a direct
 * conversation, else whoever is meant (the caller for an incoming call, the group otherwise).
 */
export function endingText(call: EndingFacts, name: string): string {
  const outgoing = call.direction === 'outgoing';
  const answered = call.joinedAt !== undefined;
  switch (call.endReason) {
    case 'hung-up':
      return t(outgoing && !answered ? 'call.end.cancelledByMe' : 'call.end.hungUp');
    case 'remote-hung-up':
      return call.group ? t('call.end.remoteHungUpGroup') : t('call.end.remoteHungUp', { name });
    case 'cancelled':
      return t('call.end.cancelled', { name });
    case 'declined':
      if (!outgoing) return t('call.end.declinedByMe');
      return call.group ? t('call.end.declinedByThemGroup') : t('call.end.declinedByThem', { name });
    case 'no-answer':
      if (!outgoing) return t('call.end.missed', { name });
      return call.group ? t('call.end.noAnswerGroup') : t('call.end.noAnswer', { name });
    case 'busy':
      return outgoing ? t('call.end.busy', { name }) : t('call.end.busyMe');
    case 'failed':
      return t('call.end.failed');
    case 'answered-elsewhere':
      return t('call.end.answeredElsewhere');
    case 'signed-out':
      return t('call.end.signedOut');
    case 'quit':
      return t('call.end.quit');
    case 'full':
      return t('call.end.full', { max: MAX_CALL_PARTICIPANTS });
    case 'unavailable':
      return t('call.end.unavailable');
    default:
      return t('call.status.ended');
  }
}

/**
 * The ending screen's heading: "Call ended", with how long it lasted once it was answered;
 * "Missed call" for a call that rang here until the caller gave up or the ring time ran out.
 */
export function endingTitle(call: EndingFacts & Pick<Call, 'media'>): string {
  if (call.joinedAt !== undefined && call.endedAt !== undefined) {
    return t('call.end.titleWithDuration', { duration: formatCallDuration(call.endedAt - call.joinedAt) });
  }
  if (call.direction === 'incoming' && (call.endReason === 'cancelled' || call.endReason === 'no-answer')) {
    return t(call.media === 'video' ? 'call.line.missed.incoming.video' : 'call.line.missed.incoming.audio');
  }
  return t('call.status.ended');
}
