// The open conversation shakes once when someone nudges (nudge-shake.ts decides when). The
// class stays on for as long as the CSS animation runs; prefers-reduced-motion turns the
// animation off (conversation.css), the class still comes and goes.

import { useEffect, useState } from 'react';
import { useParley } from '../../client/ClientProvider';
import { selectThread } from '../../store/selectors';
import { NudgeShake } from './nudge-shake';

/** As long as `.conversation--shake`'s animation (conversation.css), with a little room. */
const SHAKE_MS = 600;

/** True while the view should play its shake. */
export function useNudgeShake(conversationRef: string, myUserId: string | undefined): boolean {
  const thread = useParley(selectThread(conversationRef));
  // One per opened conversation (the view is keyed by it): what was there on opening is not news.
  const [shake] = useState(() => new NudgeShake());
  const [shaking, setShaking] = useState(false);
  useEffect(() => {
    if (thread && shake.update(thread, myUserId, Date.now())) setShaking(true);
  }, [thread, shake, myUserId]);
  useEffect(() => {
    if (!shaking) return;
    const timer = setTimeout(() => setShaking(false), SHAKE_MS);
    return () => clearTimeout(timer);
  }, [shaking]);
  return shaking;
}
