// Calls in words, from each side: the duration, the ending screens and the timeline's lines.
import { describe, expect, it } from 'vitest';
import type { CallEndReason, CallRecord } from '../../contract';
import { setLanguages } from '../../i18n';
import { callLineText, endingText, endingTitle, formatCallDuration, type EndingFacts } from './call-text';

setLanguages(['en-GB']);

describe('formatCallDuration', () => {
  it('says minutes and seconds, hours once there are any', () => {
    expect(formatCallDuration(0)).toBe('0:00');
    expect(formatCallDuration(7_400)).toBe('0:07');
    expect(formatCallDuration(125_000)).toBe('2:05');
    expect(formatCallDuration(59 * 60_000 + 59_999)).toBe('59:59');
    expect(formatCallDuration(3_600_000 + 2 * 60_000 + 5_000)).toBe('1:02:05');
  });

  it('never goes negative (a clock that stepped back)', () => {
    expect(formatCallDuration(-3_000)).toBe('0:00');
  });
});

describe('callLineText', () => {
  const record = (outcome: CallRecord['outcome'], media: CallRecord['media'] = 'audio', durationMs?: number) => ({
    outcome,
    media,
    callerId: 'alice',
    ...(durationMs === undefined ? {} : { durationMs }),
  });

  it('words each outcome for the caller and for the callee', () => {
    const cases: Array<[ReturnType<typeof record>, string, string]> = [
      [record('ended', 'audio', 125_000), 'Outgoing call · 2:05', 'Incoming call · 2:05'],
      [record('ended', 'video', 7_000), 'Outgoing video call · 0:07', 'Incoming video call · 0:07'],
      [record('missed'), 'No answer', 'Missed call'],
      [record('missed', 'video'), 'No answer to video call', 'Missed video call'],
      [record('declined'), 'Call declined', 'Declined call'],
      [record('declined', 'video'), 'Video call declined', 'Declined video call'],
      [record('busy'), 'Busy', 'Missed call (you were busy)'],
    ];
    for (const [line, caller, callee] of cases) {
      expect(callLineText(line, 'alice'), `${line.outcome} ${line.media}, caller`).toBe(caller);
      expect(callLineText(line, 'bob'), `${line.outcome} ${line.media}, callee`).toBe(callee);
    }
  });

  it('says an outcome it does not know as a missed call rather than a key', () => {
    expect(callLineText({ ...record('missed'), outcome: 'exploded' as CallRecord['outcome'] }, 'bob')).toBe('Missed call');
  });
});

describe('endingText', () => {
  const out = (endReason: CallEndReason, more: Partial<EndingFacts> = {}): EndingFacts => ({ direction: 'outgoing', group: false, endReason, ...more });
  const inc = (endReason: CallEndReason, more: Partial<EndingFacts> = {}): EndingFacts => ({ direction: 'incoming', group: false, endReason, ...more });
  const answered = { joinedAt: 1_000, endedAt: 126_000 };

  it('explains each ending from the caller’s side', () => {
    expect(endingText(out('hung-up'), 'Bob')).toBe('You cancelled the call.');
    expect(endingText(out('hung-up', answered), 'Bob')).toBe('You hung up.');
    expect(endingText(out('remote-hung-up', answered), 'Bob')).toBe('Bob hung up.');
    expect(endingText(out('declined'), 'Bob')).toBe('Bob declined the call.');
    expect(endingText(out('no-answer'), 'Bob')).toBe('Bob didn’t answer.');
    expect(endingText(out('busy'), 'Bob')).toBe('Bob is in another call.');
    expect(endingText(out('failed', answered), 'Bob')).toBe('Connection lost. The call could not go on.');
    expect(endingText(out('signed-out'), 'Bob')).toBe('The call ended because you signed out.');
    expect(endingText(out('quit'), 'Bob')).toBe('The call ended because Parley closed.');
    expect(endingText(out('unavailable'), 'Bob')).toBe('The call could not be placed here.');
  });

  it('explains each ending from the callee’s side', () => {
    expect(endingText(inc('cancelled'), 'Alice')).toBe('Alice cancelled the call. You missed it.');
    expect(endingText(inc('no-answer'), 'Alice')).toBe('You missed a call from Alice.');
    expect(endingText(inc('declined'), 'Alice')).toBe('You declined the call.');
    expect(endingText(inc('hung-up', answered), 'Alice')).toBe('You hung up.');
    expect(endingText(inc('remote-hung-up', answered), 'Alice')).toBe('Alice hung up.');
    expect(endingText(inc('answered-elsewhere'), 'Alice')).toBe('Answered on another device.');
    expect(endingText(inc('busy'), 'Alice')).toBe('You were in another call.');
    expect(endingText(inc('full'), 'Alice')).toBe('The call is full: 4 people at most.');
  });

  it('speaks of everyone in a group call', () => {
    expect(endingText(out('declined', { group: true }), 'Hike')).toBe('Everyone declined the call.');
    expect(endingText(out('no-answer', { group: true }), 'Hike')).toBe('Nobody answered.');
    expect(endingText(out('remote-hung-up', { group: true, ...answered }), 'Hike')).toBe('Everyone else left the call.');
  });

  it('says only that the call ended for a reason it does not know', () => {
    expect(endingText(out('teleported' as CallEndReason), 'Bob')).toBe('Call ended');
  });
});

describe('endingTitle', () => {
  it('says how long an answered call lasted', () => {
    expect(endingTitle({ direction: 'outgoing', group: false, media: 'audio', joinedAt: 1_000, endedAt: 126_000 })).toBe('Call ended · 2:05');
    expect(endingTitle({ direction: 'outgoing', group: false, media: 'audio', endedAt: 126_000, endReason: 'no-answer' })).toBe('Call ended');
  });

  it('calls a call that only rang here missed', () => {
    expect(endingTitle({ direction: 'incoming', group: false, media: 'video', endedAt: 9, endReason: 'cancelled' })).toBe('Missed video call');
    expect(endingTitle({ direction: 'incoming', group: false, media: 'audio', endedAt: 9, endReason: 'no-answer' })).toBe('Missed call');
    expect(endingTitle({ direction: 'incoming', group: false, media: 'audio', endedAt: 9, endReason: 'answered-elsewhere' })).toBe('Call ended');
  });
});
