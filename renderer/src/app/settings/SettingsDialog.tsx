// Settings: notifications (Do Not Disturb, message text), the unread count (muted
// conversations), and in Electron the tray. Main stores them and acts on them; this dialog
// reads main's copy, writes each change at once, and follows `settings.changed` (the tray's
// Do Not Disturb, another window).

import { useEffect, useId, useRef, useState } from 'react';
import { useClient } from '../../client/ClientProvider';
import type { Settings } from '../../contract';
import { isElectronHost } from '../../host';
import { t, type MessageKey } from '../../i18n';
import { CloseIcon } from '../common/icons';
import '../sidebar/dialog.css';
import './settings.css';

type Key = keyof Settings;

interface Row {
  key: Key;
  label: MessageKey;
  hint: MessageKey;
}

function SettingRow({ row, settings, onChange }: { row: Row; settings: Settings | null; onChange: (key: Key, value: boolean) => void }) {
  const id = useId();
  return (
    <div className="setting">
      <input
        id={id}
        type="checkbox"
        role="switch"
        className="setting__switch"
        data-testid={`setting-${row.key}`}
        checked={settings?.[row.key] ?? false}
        disabled={!settings}
        aria-describedby={`${id}-hint`}
        onChange={(e) => onChange(row.key, e.target.checked)}
      />
      <label htmlFor={id} className="setting__text">
        <span className="setting__label">{t(row.label)}</span>
        <span id={`${id}-hint`} className="setting__hint">
          {t(row.hint)}
        </span>
      </label>
    </div>
  );
}

/** The browser's own permission, which Parley cannot override: say so, and ask at this click. */
function BrowserPermission() {
  const [permission, setPermission] = useState(() => ('Notification' in window ? Notification.permission : 'granted'));
  if (isElectronHost() || permission === 'granted') return null;
  if (permission === 'denied') return <p className="setting__note" data-testid="notification-permission">{t('settings.browserBlocked')}</p>;
  return (
    <p className="setting__note" data-testid="notification-permission">
      {t('settings.browserAsk')}{' '}
      <button type="button" className="button button--small" onClick={() => void Notification.requestPermission().then(setPermission)}>
        {t('settings.browserAllow')}
      </button>
    </p>
  );
}

export function SettingsDialog({ onClose }: { onClose: () => void }) {
  const client = useClient();
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [settings, setSettings] = useState<Settings | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** Changes main has not answered yet (a test waits for none before relying on a setting). */
  const [saving, setSaving] = useState(0);

  useEffect(() => {
    const el = dialog.current;
    if (el && !el.open) el.showModal();
  }, []);

  useEffect(() => {
    let live = true;
    const stop = client.onSettingsChanged((s) => live && setSettings(s));
    void client.getSettings().then((r) => {
      if (live && r.ok) setSettings(r.value);
    });
    return () => {
      live = false;
      stop();
    };
  }, [client]);

  async function change(key: Key, value: boolean) {
    setError(null);
    setSettings((s) => (s ? { ...s, [key]: value } : s));
    setSaving((n) => n + 1);
    const result = await client.setSettings({ [key]: value });
    setSaving((n) => n - 1);
    if (result.ok) setSettings(result.value);
    else {
      setError(t('settings.failed', { message: result.error.message }));
      const current = await client.getSettings();
      if (current.ok) setSettings(current.value);
    }
  }

  const electron = isElectronHost();
  return (
    <dialog
      ref={dialog}
      className="dialog settings-dialog"
      data-testid="settings-dialog"
      aria-busy={saving > 0}
      aria-labelledby={titleId}
      onClose={onClose}
      onClick={(e) => e.target === dialog.current && onClose() /* a click on the backdrop */}
    >
      <div className="dialog__panel">
        <header className="dialog__header">
          <h2 id={titleId} className="dialog__title">
            {t('settings.title')}
          </h2>
          <button type="button" className="icon-button" aria-label={t('settings.close')} data-testid="settings-close" onClick={onClose}>
            <CloseIcon />
          </button>
        </header>

        <section className="settings-group" aria-label={t('settings.notifications')}>
          <h3 className="settings-group__title">{t('settings.notifications')}</h3>
          <SettingRow row={{ key: 'doNotDisturb', label: 'settings.doNotDisturb', hint: 'settings.doNotDisturbHint' }} settings={settings} onChange={change} />
          <SettingRow row={{ key: 'notificationPreviews', label: 'settings.previews', hint: 'settings.previewsHint' }} settings={settings} onChange={change} />
          <BrowserPermission />
        </section>

        <section className="settings-group" aria-label={t('settings.badge')}>
          <h3 className="settings-group__title">{t('settings.badge')}</h3>
          <SettingRow row={{ key: 'includeMutedInBadge', label: 'settings.includeMuted', hint: 'settings.includeMutedHint' }} settings={settings} onChange={change} />
        </section>

        {/* The browser host has no tray: the row would do nothing there. */}
        {electron && (
          <section className="settings-group" aria-label={t('settings.window')}>
            <h3 className="settings-group__title">{t('settings.window')}</h3>
            <SettingRow row={{ key: 'closeToTray', label: 'settings.closeToTray', hint: 'settings.closeToTrayHint' }} settings={settings} onChange={change} />
          </section>
        )}

        {error && (
          <p className="dialog__status" role="alert">
            {error}
          </p>
        )}
      </div>
    </dialog>
  );
}
