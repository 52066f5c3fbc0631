// Above the composer: the files of this conversation being uploaded, each with a progress
// bar and Cancel, and why the last file was refused (before anything was uploaded).

import { useClient } from '../../../client/ClientProvider';
import { t } from '../../../i18n';
import { formatSize } from './file-rules';
import { transfers, useTransfers } from './uploads';

export function UploadTray({ conversationRef }: { conversationRef: string }) {
  const client = useClient();
  const uploads = useTransfers((s) => s.uploads);
  const refusal = useTransfers((s) => s.refusals[conversationRef]);
  const mine = Object.values(uploads).filter((u) => u.conversationRef === conversationRef);
  if (mine.length === 0 && !refusal) return null;
  return (
    <div className="upload-tray" data-testid="upload-tray">
      {refusal && (
        <p className="composer__note composer__note--error upload-tray__refusal" role="alert" data-testid="attach-refused">
          <span>{refusal}</span>
          <button type="button" className="button button--small" onClick={() => transfers.refused(conversationRef, null)}>
            {t('attach.dismiss')}
          </button>
        </p>
      )}
      {mine.map((u) => (
        <div className="upload-tray__item" key={u.nonce} data-testid="upload-progress" data-nonce={u.nonce}>
          <span className="upload-tray__name">{u.name}</span>
          <progress max={u.total || 1} value={u.sent} aria-label={t('attach.uploading', { name: u.name })} />
          <span className="upload-tray__size">
            {formatSize(u.sent)} / {formatSize(u.total)}
          </span>
          <button
            type="button"
            className="button button--small"
            data-testid="upload-cancel"
            onClick={() => {
              void client.cancelUpload(conversationRef, u.nonce).then(() => transfers.finished(u.nonce));
            }}
          >
            {t('attach.cancel')}
          </button>
        </div>
      ))}
    </div>
  );
}
