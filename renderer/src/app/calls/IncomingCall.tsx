// A call ringing for me: who calls, audio or video, and Accept with video / Accept audio
// only / Decline. A card over the conversation, not a modal: it takes no focus (a key typed
// in the composer must not answer a call), and is announced to screen readers instead.

import { useId, useState, type KeyboardEvent } from 'react';
import type { Call } from '../../contract';
import { t } from '../../i18n';
import { Avatar } from '../common/Avatar';
import { HangUpIcon, PhoneIcon, VideoIcon } from './call-icons';
import { callActions } from './session';
import { useCallConversation, useKnownUserName } from './use-call-names';
import { useShortcut } from '../keyboard/shortcut-registry';
import { PLATFORM } from '../keyboard/platform';
import { ariaKeyShortcuts } from '../keyboard/shortcuts';

interface Props {
  callKey: string;
  call: Call;
  onDecline: (key: string) => void;
}

export function IncomingCall({ callKey, call, onDecline }: Props) {
  const conversation = useCallConversation(call);
  // A group's caller may not be named yet (its members load when it opens): the group speaks for them then.
  const callerName = useKnownUserName(call, call.callerId);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const titleId = useId();
  const kindId = useId();
  const video = call.media === 'video';
  const inGroup = call.group && callerName !== null;
  const heading = callerName ?? conversation?.title ?? t('user.someone');
  const what = inGroup
    ? t(video ? 'call.incoming.groupVideo' : 'call.incoming.groupAudio', { group: conversation?.title ?? '' })
    : t(video ? 'call.incoming.video' : 'call.incoming.audio');
  const avatar = callerName !== null || !call.group ? { id: call.callerId } : { id: call.conversationId, image: conversation?.avatarImage || undefined };

  async function accept(media: 'audio' | 'video') {
    // The session first: it builds the call's peer in this task, before React renders anything (session.ts accept()).
    const accepted = callActions().accept(callKey, media);
    setBusy(true);
    setError(null);
    const result = await accepted;
    if (!result.ok) {
      setError(result.message);
      setBusy(false);
    }
  }

  // Keyboard (keyboard/shortcuts.ts): Ctrl/Cmd+Shift+A / S answer with / without video, D declines,
  // from anywhere. The card itself is a tab stop (never focused by itself): Enter answers as the
  // call came (video or audio), Esc declines.
  useShortcut('acceptVideo', () => void accept('video'), !busy);
  useShortcut('acceptAudio', () => void accept('audio'), !busy);
  useShortcut('declineCall', () => onDecline(callKey), !busy);
  const onCardKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.target !== e.currentTarget || busy) return;
    if (e.key === 'Enter') void accept(call.media);
    else if (e.key === 'Escape') onDecline(callKey);
    else return;
    e.preventDefault();
  };

  return (
    <div
      className="incoming-call"
      role="alertdialog"
      aria-labelledby={titleId}
      aria-describedby={kindId}
      data-testid="incoming-call"
      data-call-id={call.callId}
      tabIndex={0}
      onKeyDown={onCardKey}
      title={t('call.incoming.keys')}
    >
      <div className="incoming-call__who">
        <span className="incoming-call__avatar">
          <Avatar id={avatar.id} name={heading} size={48} image={avatar.image} />
        </span>
        <div className="incoming-call__text">
          <h2 id={titleId} className="incoming-call__name" dir="auto">
            {heading}
          </h2>
          <p id={kindId} className="incoming-call__kind" aria-live="assertive">
            {video ? <VideoIcon width={14} height={14} /> : <PhoneIcon width={14} height={14} />}
            {what}
          </p>
        </div>
      </div>
      {error && (
        <p className="inline-error" role="alert" data-testid="incoming-error">
          {error}
        </p>
      )}
      <div className="incoming-call__actions">
        <button type="button" className="call-pill call-pill--decline" data-testid="incoming-decline" aria-keyshortcuts={ariaKeyShortcuts('declineCall', PLATFORM)} disabled={busy} onClick={() => onDecline(callKey)}>
          <HangUpIcon width={16} height={16} />
          {t('call.decline')}
        </button>
        <button type="button" className="call-pill call-pill--accept" data-testid="incoming-accept-audio" aria-keyshortcuts={ariaKeyShortcuts('acceptAudio', PLATFORM)} disabled={busy} onClick={() => void accept('audio')}>
          <PhoneIcon width={16} height={16} />
          {t('call.acceptAudio')}
        </button>
        <button type="button" className="call-pill call-pill--accept" data-testid="incoming-accept-video" aria-keyshortcuts={ariaKeyShortcuts('acceptVideo', PLATFORM)} disabled={busy} onClick={() => void accept('video')}>
          <VideoIcon width={16} height={16} />
          {t('call.acceptVideo')}
        </button>
      </div>
    </div>
  );
}
