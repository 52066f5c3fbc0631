// Every call screen, mounted once over the conversation pane (ChatScreen): the held call's
// screen (or its ending), the cards of calls ringing here with the ringtone, the ending of a
// call that only rang here, and a refused command's notice. At most one `call-view` at a time.

import { useEffect, useState } from 'react';
import type { Call } from '../../contract';
import { getParleyApi } from '../../host';
import { t } from '../../i18n';
import { CloseIcon } from '../common/icons';
import { CallView } from './CallView';
import { IncomingCall } from './IncomingCall';
import { Ringtone } from './Ringtone';
import { clearCallNotice, useCallNotice } from './call-notice';
import { ringingCalls } from './call-state';
import { callActions, initCalls, useCalls } from './session';
import './calls.css';

/** An ending, as one closable thing: a call that ends again (a group call rejoined and left) ends anew. */
const endingId = (key: string, call: Call) => `${key}|${call.endedAt ?? ''}|${call.endReason ?? ''}`;

export function CallLayer() {
  const calls = useCalls((s) => s.calls);
  const heldKey = useCalls((s) => s.heldKey);
  // What this window showed, so that only its own calls get an ending screen (another window's
  // call ending, or a call declined here, shows none). Marked as rendered; sets only grow.
  const [seen] = useState(() => ({ held: new Set<string>(), rang: new Set<string>(), declined: new Set<string>() }));
  const [closed, setClosed] = useState<ReadonlySet<string>>(() => new Set());
  const notice = useCallNotice();

  useEffect(() => {
    // One session for the window's life (initCalls is idempotent): the chat screen also goes
    // while "Add account" shows the sign-in form, and a call must not drop for that; the
    // session ends the media itself on sign-out and when the page goes.
    let live = true;
    void getParleyApi().then((api) => live && initCalls(api));
    return () => {
      live = false;
    };
  }, []);

  if (heldKey) seen.held.add(heldKey);
  const ringing = ringingCalls({ calls, heldKey });
  for (const [key] of ringing) seen.rang.add(key);

  const isOpen = (key: string, call: Call) => call.phase !== 'ended' || !closed.has(endingId(key, call));
  const dismiss = (key: string, call: Call) => {
    setClosed((prev) => new Set(prev).add(endingId(key, call)));
    // (The session keeps a group call that still runs: the header's "Join" needs it.)
    callActions().dismiss(key);
  };
  const decline = (key: string) => {
    seen.declined.add(key);
    void callActions().decline(key);
  };

  // The full screen: the held call, else the newest ended call this window held.
  let full: [string, Call] | undefined = heldKey && calls[heldKey] && isOpen(heldKey, calls[heldKey]) ? [heldKey, calls[heldKey]] : undefined;
  const endings = Object.entries(calls)
    .filter(([key, call]) => call.phase === 'ended' && isOpen(key, call))
    .sort(([, a], [, b]) => (b.endedAt ?? 0) - (a.endedAt ?? 0));
  full ??= endings.find(([key]) => seen.held.has(key));
  // Else the newest call that rang here and ended unanswered (missed, answered on another device);
  // not one joined in another window, which shows its own ending.
  const card = full
    ? undefined
    : endings.find(([key, call]) => seen.rang.has(key) && !seen.held.has(key) && !seen.declined.has(key) && !call.ongoing && call.joinedAt === undefined);

  return (
    <>
      {full && <CallView key={full[0]} callKey={full[0]} call={full[1]} held={full[0] === heldKey} compact={false} onDismiss={() => dismiss(full[0], full[1])} />}
      <div className="call-cards">
        {ringing.map(([key, call]) => (
          <IncomingCall key={key} callKey={key} call={call} onDecline={decline} />
        ))}
        {card && <CallView key={card[0]} callKey={card[0]} call={card[1]} held={false} compact onDismiss={() => dismiss(card[0], card[1])} />}
        {notice && (
          <div className="call-notice" role="alert" data-testid="call-error">
            <p>{notice}</p>
            <button type="button" className="icon-button" aria-label={t('call.dismiss')} title={t('call.dismiss')} onClick={clearCallNotice}>
              <CloseIcon width={16} height={16} />
            </button>
          </div>
        )}
      </div>
      {ringing.length > 0 && <Ringtone />}
    </>
  );
}
