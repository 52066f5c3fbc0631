// The call screen over the conversation pane: the others large, my preview small, the
// status ("Calling…", "Ringing…", then the connection) with the running duration, and the
// controls; once the call ended, the ending screen. Escape does nothing here: hanging up
// is always an explicit button.

import { useEffect, useRef } from 'react';
import type { Call } from '../../contract';
import { t } from '../../i18n';
import { CallControls } from './CallControls';
import { CallEnded } from './CallEnded';
import { CallStage } from './CallStage';
import { LocalPreview } from './LocalPreview';
import { VideoRequestPrompt } from './VideoRequestPrompt';
import { overallConnection, statusText } from './call-state';
import { useCalls } from './session';
import { useCallDuration } from './useCallDuration';
import { useCallTitle } from './use-call-names';

interface Props {
  callKey: string;
  call: Call;
  /** This window holds the call's media (local tracks, peers). */
  held: boolean;
  /** The ending of a call that only rang here: a small card, not the whole pane. */
  compact: boolean;
  onDismiss: () => void;
}

export function CallView({ callKey, call, held, compact, onDismiss }: Props) {
  const local = useCalls((s) => s.local);
  const remotes = useCalls((s) => s.remotes);
  const devices = useCalls((s) => s.devices);
  const { title } = useCallTitle(call);
  const connection = held ? overallConnection(call, remotes) : 'connecting';
  const duration = useCallDuration(call.phase === 'in-call' ? call.joinedAt : undefined);
  const ended = call.phase === 'ended';
  const section = useRef<HTMLElement>(null);

  useEffect(() => {
    const el = section.current;
    if (compact || !el) return;
    // Keyboard users land in the call screen when it opens (not on a button: Enter must not hang up).
    el.focus();
    // What the screen covers (the conversation, whichever is open meanwhile) is out of reach of
    // Tab and screen readers; the sidebar and the cards of ringing calls stay usable.
    const pane = el.parentElement;
    if (!pane) return;
    const covered = new Set<Element>();
    const cover = () => {
      for (const child of Array.from(pane.children)) {
        if (child === el || child.classList.contains('call-cards') || covered.has(child)) continue;
        child.setAttribute('inert', '');
        covered.add(child);
      }
    };
    cover();
    const watcher = new MutationObserver(cover);
    watcher.observe(pane, { childList: true });
    return () => {
      watcher.disconnect();
      for (const child of covered) child.removeAttribute('inert');
    };
  }, [compact]);

  return (
    <section
      ref={section}
      className={compact ? 'call-view call-view--compact' : `call-view call-view--${call.phase}`}
      data-testid="call-view"
      data-phase={call.phase}
      data-end-reason={call.endReason}
      data-connection={connection}
      data-call-id={call.callId}
      aria-label={t('call.label', { name: title })}
      tabIndex={-1}
    >
      {ended ? (
        <CallEnded call={call} compact={compact} onDismiss={onDismiss} />
      ) : (
        <>
          <header className="call-view__top">
            <h2 className="call-view__title" dir="auto">
              {title}
            </h2>
            <p className="call-view__status">
              {/* The status is announced; the ticking duration is not. */}
              <span data-testid="call-status-text" aria-live="polite">{statusText(call, connection)}</span>
              {duration !== null && (
                <span className="call-view__duration" data-testid="call-duration">
                  {duration}
                </span>
              )}
            </p>
          </header>
          <CallStage call={call} remotes={held ? remotes : {}} sinkId={devices.selected.speaker} />
          {held && <LocalPreview local={local} />}
          {held && local.error && (
            <p className="call-view__error" role="alert" data-testid="call-media-error">
              {local.error}
            </p>
          )}
          {held && <VideoRequestPrompt call={call} cameraOn={local.videoOn} />}
          {held && <CallControls callKey={callKey} call={call} local={local} devices={devices} />}
        </>
      )}
    </section>
  );
}
