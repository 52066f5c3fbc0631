// The settings screen: sections with headings (appearance, notifications, calls, window),
// a jump list beside them, every control a real form control (Tab and the arrow keys reach
// everything; Escape closes). Main stores the settings per device and acts on them; this
// screen reads main's copy, writes each change at once, and follows `settings.changed`
// (the tray's Do Not Disturb, another window). A new setting is one row in its section
// (setting-rows.tsx), not another checkbox at the end of a list.

import { useEffect, useId, useRef, useState } from 'react';
import { useClient } from '../../client/ClientProvider';
import { TEXT_SIZES, THEME_CHOICES, type LanguageChoice, type Settings, type TextSize, type ThemeChoice } from '../../contract';
import { isElectronHost } from '../../host';
import { LANGUAGE_NAMES, pickLanguage, systemLanguages, t, type Language, type MessageKey } from '../../i18n';
import { CloseIcon } from '../common/icons';
import { MediaDevicesSection } from './MediaDevicesSection';
import { HelpSection } from '../help/HelpSection';
import { SPELL_CHECK_LANGUAGES, languageName } from '../help/spell-check-languages';
import { ChoiceRow, SelectRow, SettingsSection, SwitchRow, type ChangeSetting } from './setting-rows';
import '../sidebar/dialog.css';
import './settings.css';

const THEME_LABEL: Record<ThemeChoice, MessageKey> = { system: 'settings.theme.system', light: 'settings.theme.light', dark: 'settings.theme.dark' };
const SIZE_LABEL: Record<TextSize, MessageKey> = { small: 'settings.textSize.small', default: 'settings.textSize.default', large: 'settings.textSize.large', larger: 'settings.textSize.larger' };

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

interface SectionLink {
  id: string;
  title: MessageKey;
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

  const change: ChangeSetting = (key, value) => {
    void (async () => {
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
    })();
  };

  const electron = isElectronHost();
  const sections: SectionLink[] = [
    { id: 'settings-appearance', title: 'settings.appearance' },
    { id: 'settings-notifications', title: 'settings.notifications' },
    { id: 'settings-calls', title: 'settings.calls' },
    // The browser host has no tray: the window section would do nothing there.
    ...(electron ? [{ id: 'settings-window', title: 'settings.window' } as const] : []),
    // Added by G: debug info and logs, in both hosts.
    { id: 'settings-help', title: 'settings.help' },
  ];

  /** The jump list moves to a section and its heading (focus follows, for keyboards and screen readers). */
  function jump(id: string) {
    const heading = dialog.current?.querySelector<HTMLElement>(`#${id}-title`);
    heading?.scrollIntoView({ block: 'start' });
    heading?.focus();
  }

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
      <div className="dialog__panel settings">
        <header className="dialog__header">
          <h2 id={titleId} className="dialog__title">
            {t('settings.title')}
          </h2>
          <button type="button" className="icon-button" aria-label={t('settings.close')} data-testid="settings-close" onClick={onClose}>
            <CloseIcon />
          </button>
        </header>

        <div className="settings__body">
          <nav className="settings__nav" aria-label={t('settings.sections')}>
            <ul>
              {sections.map((s) => (
                <li key={s.id}>
                  <button type="button" className="settings__nav-link" data-testid={`settings-nav-${s.id.replace(/^settings-/, '')}`} onClick={() => jump(s.id)}>
                    {t(s.title)}
                  </button>
                </li>
              ))}
            </ul>
          </nav>

          <div className="settings__sections">
            <SettingsSection id="settings-appearance" title={t('settings.appearance')}>
              <ChoiceRow
                name="theme"
                legend={t('settings.theme')}
                hint={t('settings.themeHint')}
                choices={THEME_CHOICES.map((value) => ({ value, label: t(THEME_LABEL[value]) }))}
                value={settings?.theme}
                disabled={!settings}
                onChange={(v) => change('theme', v)}
              />
              <ChoiceRow
                name="textSize"
                legend={t('settings.textSize')}
                choices={TEXT_SIZES.map((value) => ({ value, label: t(SIZE_LABEL[value]) }))}
                value={settings?.textSize}
                disabled={!settings}
                onChange={(v) => change('textSize', v)}
              />
              <SelectRow
                testId="setting-language"
                label={t('settings.language')}
                hint={t('settings.languageHint')}
                value={settings?.language ?? 'system'}
                disabled={!settings}
                onChange={(v) => change('language', v as LanguageChoice)}
              >
                <option value="system">{t('settings.language.system', { language: LANGUAGE_NAMES[pickLanguage(systemLanguages()).catalogue] })}</option>
                {/* Each language in itself, so a reader finds their own whatever the window is in now. */}
                {(Object.keys(LANGUAGE_NAMES) as Language[]).map((code) => (
                  <option key={code} value={code} lang={code}>
                    {LANGUAGE_NAMES[code]}
                  </option>
                ))}
              </SelectRow>
            </SettingsSection>

            <SettingsSection id="settings-notifications" title={t('settings.notifications')}>
              <SwitchRow setting="doNotDisturb" label="settings.doNotDisturb" hint="settings.doNotDisturbHint" settings={settings} onChange={change} />
              <SwitchRow setting="notificationPreviews" label="settings.previews" hint="settings.previewsHint" settings={settings} onChange={change} />
              <SwitchRow setting="includeMutedInBadge" label="settings.includeMuted" hint="settings.includeMutedHint" settings={settings} onChange={change} />
              <BrowserPermission />
            </SettingsSection>

            <SettingsSection id="settings-calls" title={t('settings.calls')}>
              <MediaDevicesSection settings={settings} onChange={change} />
            </SettingsSection>

            {electron && (
              <SettingsSection id="settings-window" title={t('settings.window')}>
                <SwitchRow setting="closeToTray" label="settings.closeToTray" hint="settings.closeToTrayHint" settings={settings} onChange={change} />
                {/* Added by G: Electron only, like the rest of this section (desktop-settings.ts acts on them). */}
                <SwitchRow setting="startAtLogin" label="settings.startAtLogin" hint="settings.startAtLoginHint" settings={settings} onChange={change} />
                <SelectRow
                  testId="setting-spellCheckLanguage"
                  label={t('settings.spellCheck')}
                  value={settings?.spellCheckLanguage ?? 'system'}
                  disabled={!settings}
                  onChange={(v) => change('spellCheckLanguage', v)}
                >
                  <option value="system">{t('settings.spellCheck.system')}</option>
                  {SPELL_CHECK_LANGUAGES.map((code) => (
                    <option key={code} value={code} lang={code}>
                      {languageName(code)}
                    </option>
                  ))}
                  <option value="off">{t('settings.spellCheck.off')}</option>
                </SelectRow>
              </SettingsSection>
            )}

            <SettingsSection id="settings-help" title={t('settings.help')}>
              <HelpSection />
            </SettingsSection>
          </div>
        </div>

        {error && (
          <p className="dialog__status" role="alert">
            {error}
          </p>
        )}
      </div>
    </dialog>
  );
}
