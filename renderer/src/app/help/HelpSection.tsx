// Settings > Help: "Copy debug info" (both hosts) and "Open logs folder" (Electron; the browser
// host's logs are in its data folder, which the debug info names). Both go through the
// contract's support.* commands, so the text is the same one the Electron Help menu copies.

import { useState } from 'react';
import { getParleyApi, isElectronHost } from '../../host';
import { t } from '../../i18n';
import './help.css';

type Status = { kind: 'copied' } | { kind: 'copy-failed'; text: string } | { kind: 'error'; message: string } | null;

export function HelpSection() {
  const [status, setStatus] = useState<Status>(null);
  const [busy, setBusy] = useState(false);

  async function copyDebugInfo() {
    setBusy(true);
    setStatus(null);
    const api = await getParleyApi();
    const result = await api.support.debugInfo({});
    setBusy(false);
    if (!result.ok) return setStatus({ kind: 'error', message: result.error.message });
    try {
      await navigator.clipboard.writeText(result.value);
      setStatus({ kind: 'copied' });
    } catch {
      // No clipboard (an insecure context, a denied permission): the text to copy by hand.
      setStatus({ kind: 'copy-failed', text: result.value });
    }
  }

  async function openLogsFolder() {
    setStatus(null);
    const api = await getParleyApi();
    const result = await api.support.openLogsFolder({});
    if (!result.ok) setStatus({ kind: 'error', message: result.error.message });
  }

  return (
    <div className="help" data-testid="settings-help">
      <p className="help__hint" id="settings-help-hint">
        {t('settings.copyDebugInfoHint')}
      </p>
      <div className="help__buttons">
        <button type="button" className="button" data-testid="copy-debug-info" aria-describedby="settings-help-hint" disabled={busy} onClick={() => void copyDebugInfo()}>
          {t('settings.copyDebugInfo')}
        </button>
        {isElectronHost() && (
          <button type="button" className="button" data-testid="open-logs-folder" onClick={() => void openLogsFolder()}>
            {t('settings.openLogsFolder')}
          </button>
        )}
      </div>
      <div role="status" className="help__status">
        {status?.kind === 'copied' && t('settings.debugInfoCopied')}
        {status?.kind === 'error' && t('settings.failed', { message: status.message })}
      </div>
      {status?.kind === 'copy-failed' && (
        <>
          <p className="help__status" role="alert">
            {t('settings.debugInfoCopyFailed')}
          </p>
          <textarea className="help__debug-text" data-testid="debug-info-text" readOnly dir="ltr" rows={6} value={status.text} aria-label={t('settings.copyDebugInfo')} />
        </>
      )}
    </div>
  );
}
