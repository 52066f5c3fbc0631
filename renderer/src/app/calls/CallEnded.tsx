// The ending screen: why the call ended (Call.endReason, worded from my side), how long it
// lasted, and Close. It closes itself after a few seconds; Escape closes it too (nothing is
// left to hang up).

import { useEffect, useRef } from 'react';
import type { Call } from '../../contract';
import { Avatar } from '../common/Avatar';
import { t } from '../../i18n';
import { endingText, endingTitle } from './call-text';
import { useCallTitle, useKnownUserName } from './use-call-names';

/** Long enough to read two lines; the timeline keeps the call's line. */
export const ENDING_SCREEN_MS = 6000;

interface Props {
  call: Call;
  /** A small card (a call that only rang here) instead of the full call screen. */
  compact: boolean;
  onDismiss: () => void;
}

export function CallEnded({ call, compact, onDismiss }: Props) {
  const { title, avatarId, image } = useCallTitle(call);
  // An incoming group call is the caller's; otherwise the other side is the conversation's title.
  const callerName = useKnownUserName(call, call.callerId);
  const name = (call.direction === 'incoming' && call.group ? callerName : null) ?? title;
  const dismiss = useRef(onDismiss);
  dismiss.current = onDismiss;
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const timer = setTimeout(() => dismiss.current(), ENDING_SCREEN_MS);
    return () => clearTimeout(timer);
  }, []);
  useEffect(() => {
    // The full screen takes focus (its controls are gone); a card never steals it from the composer.
    if (!compact) button.current?.focus();
  }, [compact]);

  return (
    <div
      className={compact ? 'call-ended call-ended--compact' : 'call-ended'}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onDismiss();
      }}
    >
      <Avatar id={avatarId} name={title} size={compact ? 40 : 96} image={image} />
      <div className="call-ended__text">
        <h2 className="call-ended__title" data-testid="call-status-text">
          {endingTitle(call)}
        </h2>
        <p className="call-ended__reason" data-testid="call-end-text" dir="auto">
          {endingText(call, name)}
        </p>
      </div>
      <button ref={button} type="button" className="button call-ended__dismiss" data-testid="call-dismiss-button" onClick={onDismiss}>
        {t('call.dismiss')}
      </button>
    </div>
  );
}
