// Someone in an audio call asked me to turn on my camera (event 4): turn it on, or not now.
// "Not now" only hides the prompt here; a new request shows it again.

import { useState } from 'react';
import type { Call } from '../../contract';
import { t } from '../../i18n';
import { callActions } from './session';
import { useUserName } from './use-call-names';

export function VideoRequestPrompt({ call, cameraOn }: { call: Call; cameraOn: boolean }) {
  const from = call.videoRequestFrom;
  const [hiddenFor, setHiddenFor] = useState<string | null>(null);
  const name = useUserName(call, from ?? '');
  // The request was answered or withdrawn: the next one shows again, even from the same person.
  if (!from && hiddenFor !== null) setHiddenFor(null);
  if (!from || cameraOn || hiddenFor === from) return null;
  return (
    <div className="call-prompt" role="alertdialog" aria-live="polite" aria-label={t('call.videoRequest', { name })} data-testid="video-request">
      <p className="call-prompt__text">{t('call.videoRequest', { name })}</p>
      <div className="call-prompt__actions">
        <button type="button" className="button" data-testid="video-request-dismiss" onClick={() => setHiddenFor(from)}>
          {t('call.videoRequestDismiss')}
        </button>
        <button type="button" className="button button--primary" data-testid="video-request-accept" onClick={() => void callActions().setCameraOn(true)}>
          {t('call.videoRequestAccept')}
        </button>
      </div>
    </div>
  );
}
