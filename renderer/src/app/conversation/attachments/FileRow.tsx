// A file that came with a message: its name, size and type, and Download. Electron asks
// where to save it and main reports progress; the browser host answers a download URL,
// which the browser saves itself (Content-Disposition: attachment).

import { useState } from 'react';
import { useClient } from '../../../client/ClientProvider';
import type { Attachment } from '../../../contract';
import { t } from '../../../i18n';
import { PaperclipIcon } from '../../common/icons';
import { formatSize } from './file-rules';
import { useTransfers } from './uploads';
import { errorText } from '../../common/error-text';

/** A short label for a media type: "PDF", "PNG", "ZIP", else the subtype. */
function typeLabel(mimeType: string, name: string): string {
  const ext = /\.([a-z0-9]{1,8})$/i.exec(name)?.[1];
  return (ext ?? mimeType.split('/')[1] ?? mimeType).toUpperCase();
}

export function FileRow({ attachment: a }: { attachment: Attachment }) {
  const client = useClient();
  const progress = useTransfers((s) => (a.url ? s.downloads[a.url] : undefined));
  const [error, setError] = useState<string | null>(null);
  const saving = progress !== undefined && progress.done === undefined;

  async function download() {
    if (!a.url) return;
    setError(null);
    const result = await client.saveFile(a.url);
    if (!result.ok) return setError(errorText(result.error));
    if ('download' in result.value) {
      // The browser host: let the browser save it, under its name.
      const link = document.createElement('a');
      link.href = result.value.download;
      link.download = a.name;
      link.rel = 'noopener';
      document.body.append(link);
      link.click();
      link.remove();
    }
  }

  return (
    <div className="attachment attachment--file" data-testid="attachment" data-kind="file">
      <PaperclipIcon width={20} height={20} className="attachment__icon" />
      <span className="attachment__details">
        <span className="attachment__name" data-testid="attachment-name" title={a.name}>
          {a.name}
        </span>
        <span className="attachment__size" data-testid="attachment-meta">
          {formatSize(a.size)} · {typeLabel(a.mimeType, a.name)}
        </span>
        {saving && <progress className="attachment__progress" max={progress.total || 1} value={progress.received} aria-label={t('attach.downloading', { name: a.name })} />}
        {progress?.done === 'saved' && <span className="attachment__saved">{t('attach.saved')}</span>}
        {error && (
          <span className="attachment__error" role="alert">
            {error}
          </span>
        )}
      </span>
      {a.url && (
        <button type="button" className="button button--small" data-testid="attachment-download" disabled={saving} onClick={() => void download()}>
          {t('attach.download')}
        </button>
      )}
    </div>
  );
}
