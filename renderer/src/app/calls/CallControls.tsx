// The call screen's buttons: microphone, camera, devices, ask for video (an audio call),
// hang up (cancel while it rings). Toggles say their state with aria-pressed; every button
// has a label and a tooltip.

import { useCallback, useRef, useState } from 'react';
import type { Call } from '../../contract';
import type { CallDevices, LocalMedia } from '../../calls/types';
import { t } from '../../i18n';
import { HangUpIcon, MicIcon, MicOffIcon, SlidersIcon, VideoIcon, VideoOffIcon } from './call-icons';
import { DevicePanel } from './DevicePanel';
import { callActions } from './session';
import { useShortcut } from '../keyboard/shortcut-registry';
import { PLATFORM } from '../keyboard/platform';
import { ariaKeyShortcuts, withKeys } from '../keyboard/shortcuts';

interface Props {
  callKey: string;
  call: Call;
  local: LocalMedia;
  devices: CallDevices;
}

export function CallControls({ callKey, call, local, devices }: Props) {
  const [devicesOpen, setDevicesOpen] = useState(false);
  const [videoAsked, setVideoAsked] = useState(false);
  const devicesButton = useRef<HTMLButtonElement>(null);
  const closeDevices = useCallback(() => {
    setDevicesOpen(false);
    devicesButton.current?.focus();
  }, []);
  const answered = call.phase === 'in-call';
  const someoneWithoutVideo = call.participants.some((p) => p.state === 'joined' && !p.videoOn);
  const muteLabel = local.audioMuted ? t('call.unmute') : t('call.mute');
  const cameraLabel = local.videoOn ? t('call.cameraOff') : t('call.cameraOn');
  const hangupLabel = answered ? t('call.hangup') : t('call.cancel');
  // Keyboard (keyboard/shortcuts.ts, as in Teams): Ctrl/Cmd+Shift+H hangs up, M mutes, O the camera.
  useShortcut('hangUp', () => void callActions().hangup(callKey));
  useShortcut('toggleMute', () => void callActions().setMicMuted(!local.audioMuted));
  useShortcut('toggleCamera', () => void callActions().setCameraOn(!local.videoOn));

  return (
    <div className="call-controls" role="group" aria-label={t('call.controls')}>
      <button
        type="button"
        className="call-button"
        data-testid="call-mute-button"
        aria-keyshortcuts={ariaKeyShortcuts('toggleMute', PLATFORM)}
        aria-pressed={local.audioMuted}
        aria-label={muteLabel}
        title={withKeys(muteLabel, 'toggleMute', PLATFORM)}
        onClick={() => void callActions().setMicMuted(!local.audioMuted)}
      >
        {local.audioMuted ? <MicOffIcon /> : <MicIcon />}
      </button>
      <button
        type="button"
        className="call-button"
        data-testid="call-camera-button"
        aria-keyshortcuts={ariaKeyShortcuts('toggleCamera', PLATFORM)}
        aria-pressed={local.videoOn}
        aria-label={cameraLabel}
        title={withKeys(cameraLabel, 'toggleCamera', PLATFORM)}
        onClick={() => void callActions().setCameraOn(!local.videoOn)}
      >
        {local.videoOn ? <VideoIcon /> : <VideoOffIcon />}
      </button>
      <div className="call-controls__devices">
        <button
          ref={devicesButton}
          type="button"
          className="call-button"
          data-testid="call-devices-button"
          aria-expanded={devicesOpen}
          aria-label={t('call.devices')}
          title={t('call.devices')}
          onClick={() => (devicesOpen ? closeDevices() : setDevicesOpen(true))}
        >
          <SlidersIcon />
        </button>
        {devicesOpen && <DevicePanel devices={devices} onClose={closeDevices} />}
      </div>
      {call.media === 'audio' && answered && someoneWithoutVideo && (
        <button
          type="button"
          className="call-button call-button--text"
          data-testid="call-request-video"
          disabled={videoAsked}
          onClick={() => {
            setVideoAsked(true);
            void callActions().requestVideo(callKey);
          }}
        >
          <VideoIcon />
          <span>{videoAsked ? t('call.requestVideoSent') : t('call.requestVideo')}</span>
        </button>
      )}
      <button
        type="button"
        className="call-button call-button--hangup"
        data-testid="call-hangup-button"
        aria-keyshortcuts={ariaKeyShortcuts('hangUp', PLATFORM)}
        aria-label={hangupLabel}
        title={withKeys(hangupLabel, 'hangUp', PLATFORM)}
        onClick={() => void callActions().hangup(callKey)}
      >
        <HangUpIcon />
      </button>
    </div>
  );
}
