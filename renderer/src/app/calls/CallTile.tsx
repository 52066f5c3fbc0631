// One other participant: their video, or their picture while the camera is off (or before
// they joined), with their name and the microphone / camera marks. The <video> stays in
// place under the picture so the participant's audio keeps playing.

import type { Call, CallParticipant } from '../../contract';
import { t } from '../../i18n';
import { Avatar } from '../common/Avatar';
import type { RemoteMedia } from './session';
import { MicOffIcon, VideoOffIcon } from './call-icons';
import { MediaVideo } from './MediaVideo';
import { useUserName } from './use-call-names';

interface Props {
  call: Call;
  participant: CallParticipant;
  remote: RemoteMedia | undefined;
  sinkId: string | undefined;
  /** A 1:1 call's tile fills the stage. */
  large: boolean;
}

function stateLine(call: Call, p: CallParticipant, remote: RemoteMedia | undefined): string | null {
  // A direct call's status line already says "Calling…" / "Ringing…"; while no device rings
  // yet, so does a group's.
  if (p.state === 'invited' && (!call.group || call.phase === 'calling')) return null;
  if (p.state !== 'joined') return t(`call.participant.${p.state}`);
  if (remote?.connection === 'reconnecting') return t('call.participant.reconnecting');
  if (!remote || remote.connection === 'connecting') return t('call.participant.connecting');
  return null;
}

export function CallTile({ call, participant: p, remote, sinkId, large }: Props) {
  const name = useUserName(call, p.userId);
  const showVideo = p.state === 'joined' && p.videoOn && Boolean(remote?.stream);
  const line = stateLine(call, p, remote);
  return (
    <figure
      className={`call-tile${large ? ' call-tile--large' : ''}${p.state === 'joined' || p.state === 'invited' ? '' : ' call-tile--away'}`}
      data-testid="call-tile"
      data-user-id={p.userId}
      data-state={p.state}
      data-audio-muted={String(p.audioMuted)}
      data-video-on={String(p.videoOn)}
      data-connection={remote?.connection ?? 'connecting'}
    >
      <MediaVideo className="call-tile__video" stream={p.state === 'joined' ? (remote?.stream ?? null) : null} sinkId={sinkId} testId="call-tile-video" />
      {!showVideo && (
        <div className="call-tile__cover">
          <Avatar id={p.userId} name={name} size={large ? 112 : 72} />
          {line && <span className="call-tile__state">{line}</span>}
        </div>
      )}
      <figcaption className="call-tile__caption">
        <span className="call-tile__name" dir="auto">
          {name}
        </span>
        {p.audioMuted && (
          <span className="call-tile__badge" data-testid="call-tile-muted" title={t('call.muted')}>
            <MicOffIcon width={14} height={14} />
            <span className="visually-hidden">{t('call.muted')}</span>
          </span>
        )}
        {!p.videoOn && (
          <span className="call-tile__badge" data-testid="call-tile-camera-off" title={t('call.cameraOffBadge')}>
            <VideoOffIcon width={14} height={14} />
            <span className="visually-hidden">{t('call.cameraOffBadge')}</span>
          </span>
        )}
        {showVideo && line && <span className="call-tile__badge call-tile__badge--text">{line}</span>}
      </figcaption>
    </figure>
  );
}
