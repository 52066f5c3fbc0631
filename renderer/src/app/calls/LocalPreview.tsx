// What my camera sends, small in a corner and mirrored (as a mirror shows a face). Only
// while the camera is on: the placeholder track the session sends otherwise is black.

import type { LocalMedia } from '../../calls/types';
import { t } from '../../i18n';
import { MicOffIcon } from './call-icons';
import { MediaVideo } from './MediaVideo';

export function LocalPreview({ local }: { local: LocalMedia }) {
  if (!local.videoOn) return null;
  return (
    <div className="call-local">
      <MediaVideo className="call-local__video" stream={local.stream} muted testId="local-preview" />
      <span className="call-local__name">
        {t('call.you')}
        {local.audioMuted && <MicOffIcon width={12} height={12} />}
      </span>
    </div>
  );
}
