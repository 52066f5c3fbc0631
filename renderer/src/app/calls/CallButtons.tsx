// The conversation header's call buttons, where the account can call: audio and video, or
// "Join" while a group call runs here without me. Starting is refused here while this window
// already holds a call (one call at a time); main refuses what else cannot be.

import type { Capabilities, Conversation } from '../../contract';
import { t } from '../../i18n';
import { PhoneIcon, VideoIcon } from './call-icons';
import { showCallNotice } from './call-notice';
import { busyInConversation, joinableCall } from './call-state';
import { callActions, useCalls } from './session';

export function CallButtons({ conversation: c, capabilities }: { conversation: Conversation; capabilities: Capabilities }) {
  // Selectors return strings and booleans: stable values for the store subscription.
  const joinKey = useCalls((s) => joinableCall(s, c.accountId, c.id)?.[0] ?? null);
  const joinMedia = useCalls((s) => (joinKey ? s.calls[joinKey]?.media : undefined));
  const inCall = useCalls((s) => s.heldKey !== null && s.calls[s.heldKey]?.phase !== 'ended');
  const here = useCalls((s) => busyInConversation(s, c.accountId, c.id));
  if (!capabilities.calls) return null;

  async function start(media: 'audio' | 'video') {
    const result = await callActions().start(c.accountId, c.id, media);
    if (!result.ok) showCallNotice(t('call.startFailed', { message: result.message }));
  }

  async function join(key: string) {
    const result = await callActions().accept(key, joinMedia ?? 'audio');
    if (!result.ok) showCallNotice(t('call.startFailed', { message: result.message }));
  }

  if (joinKey) {
    return (
      <button
        type="button"
        className="button button--small call-join"
        data-testid="call-join-button"
        aria-label={t('call.joinLabel')}
        title={t('call.joinLabel')}
        disabled={inCall}
        onClick={() => void join(joinKey)}
      >
        {joinMedia === 'video' ? <VideoIcon width={16} height={16} /> : <PhoneIcon width={16} height={16} />}
        {t('call.join')}
      </button>
    );
  }
  const disabled = inCall || here;
  // The click usually follows: the call's peer connection is built now rather than after it.
  const prepare = () => callActions().prepare();
  return (
    <>
      <button
        type="button"
        className="icon-button"
        data-testid="call-audio-button"
        aria-label={t('call.startAudio')}
        title={t('call.startAudio')}
        disabled={disabled}
        onPointerEnter={prepare}
        onFocus={prepare}
        onClick={() => void start('audio')}
      >
        <PhoneIcon />
      </button>
      <button
        type="button"
        className="icon-button"
        data-testid="call-video-button"
        aria-label={t('call.startVideo')}
        title={t('call.startVideo')}
        disabled={disabled}
        onPointerEnter={prepare}
        onFocus={prepare}
        onClick={() => void start('video')}
      >
        <VideoIcon />
      </button>
    </>
  );
}
