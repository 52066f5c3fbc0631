// The microphone, camera and speaker calls start with, chosen ahead of a call (the call
// screen's device panel, app/calls/DevicePanel.tsx, switches during one). The lists come
// from the same code the call session uses (calls/devices.ts); browsers name devices only
// after a first call has asked for them, until then they are numbered.

import { useEffect, useState } from 'react';
import { listDevices } from '../../calls/devices';
import { browserMediaEnv } from '../../calls/media-env';
import type { CallDevices, DeviceChoice } from '../../calls/types';
import type { Settings } from '../../contract';
import { t } from '../../i18n';
import { SelectRow, type ChangeSetting } from './setting-rows';

type Found = Omit<CallDevices, 'selected'>;

function DeviceRow({ label, testId, choices, value, disabled, onChange }: { label: string; testId: string; choices: DeviceChoice[]; value: string; disabled: boolean; onChange: (id: string) => void }) {
  return (
    <SelectRow testId={testId} label={label} value={value} disabled={disabled} onChange={onChange}>
      <option value="">{t('call.deviceDefault')}</option>
      {/* A saved device that is not plugged in now stays chosen, and says so. */}
      {value && !choices.some((c) => c.deviceId === value) && <option value={value}>{t('settings.deviceMissing')}</option>}
      {choices.map((c, i) => (
        <option key={c.deviceId} value={c.deviceId}>
          {c.label || t('call.deviceUnnamed', { kind: label, index: i + 1 })}
        </option>
      ))}
    </SelectRow>
  );
}

export function MediaDevicesSection({ settings, onChange }: { settings: Settings | null; onChange: ChangeSetting }) {
  const [found, setFound] = useState<Found>({ microphones: [], cameras: [], speakers: [] });
  useEffect(() => {
    const env = browserMediaEnv();
    let live = true;
    const refresh = () => void listDevices(env).then((f) => live && setFound(f));
    refresh();
    const stop = env.onDeviceChange(refresh);
    return () => {
      live = false;
      stop();
    };
  }, []);
  const off = !settings;
  return (
    <>
      <DeviceRow label={t('call.microphone')} testId="setting-microphoneId" choices={found.microphones} value={settings?.microphoneId ?? ''} disabled={off} onChange={(id) => onChange('microphoneId', id)} />
      <DeviceRow label={t('call.camera')} testId="setting-cameraId" choices={found.cameras} value={settings?.cameraId ?? ''} disabled={off} onChange={(id) => onChange('cameraId', id)} />
      <DeviceRow
        label={t('call.speaker')}
        testId="setting-speakerId"
        choices={found.speakers}
        value={settings?.speakerId ?? ''}
        disabled={off || found.speakers.length === 0}
        onChange={(id) => onChange('speakerId', id)}
      />
      {found.speakers.length === 0 && <p className="setting__note">{t('call.speakerFixed')}</p>}
    </>
  );
}
