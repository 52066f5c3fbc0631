// The devices popover: microphone, camera and speaker. A choice applies at once (the
// session swaps the track; the speaker goes to every remote <video> through setSinkId).
// Escape or a click outside closes it, and focus goes back to its button.

import { useEffect, useId, useRef } from 'react';
import type { CallDevices, DeviceChoice } from '../../calls/types';
import { t, type MessageKey } from '../../i18n';
import { callActions } from './session';

type Kind = 'microphone' | 'camera' | 'speaker';

function DeviceSelect({ kind, choices, selected, disabled }: { kind: Kind; choices: DeviceChoice[]; selected: string | undefined; disabled?: boolean }) {
  const id = useId();
  const label = t(`call.${kind}` as MessageKey);
  return (
    <div className="call-devices__field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        data-testid={`device-${kind}`}
        value={selected ?? ''}
        disabled={disabled}
        onChange={(e) => void callActions().selectDevice(kind, e.target.value)}
      >
        {/* The default device until the user picks one (labels are empty before a permission). */}
        {(!selected || !choices.some((c) => c.deviceId === selected)) && <option value={selected ?? ''}>{t('call.deviceDefault')}</option>}
        {choices.map((c, i) => (
          <option key={c.deviceId} value={c.deviceId}>
            {c.label || t('call.deviceUnnamed', { kind: label, index: i + 1 })}
          </option>
        ))}
      </select>
    </div>
  );
}

export function DevicePanel({ devices, onClose }: { devices: CallDevices; onClose: () => void }) {
  const panel = useRef<HTMLDivElement>(null);
  const headingId = useId();

  useEffect(() => {
    panel.current?.querySelector('select')?.focus();
    function onKey(e: KeyboardEvent) {
      if (e.key !== 'Escape') return;
      // Escape closes the popover, and nothing else (the call screen does not hang up on it).
      e.stopPropagation();
      onClose();
    }
    function onPointer(e: PointerEvent) {
      const target = e.target as Element | null;
      if (panel.current && target && !panel.current.contains(target) && !target.closest('[data-testid="call-devices-button"]')) onClose();
    }
    document.addEventListener('keydown', onKey, true);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey, true);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [onClose]);

  return (
    <div ref={panel} className="call-devices" role="group" aria-labelledby={headingId} data-testid="call-devices">
      <h3 id={headingId} className="call-devices__title">
        {t('call.devicesTitle')}
      </h3>
      <DeviceSelect kind="microphone" choices={devices.microphones} selected={devices.selected.microphone} />
      <DeviceSelect kind="camera" choices={devices.cameras} selected={devices.selected.camera} />
      <DeviceSelect kind="speaker" choices={devices.speakers} selected={devices.selected.speaker} disabled={devices.speakers.length === 0} />
      {devices.speakers.length === 0 && <p className="call-devices__hint">{t('call.speakerFixed')}</p>}
    </div>
  );
}
