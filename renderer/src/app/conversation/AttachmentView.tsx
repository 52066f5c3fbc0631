// One attachment of a message. The bytes live in main and come from the host's URL
// (app://parley/attachments/… or /attachments/…), never from IPC or the cache. Images,
// audio and video show inline; anything else is a download link. Main serves each with a
// sandboxing Content-Security-Policy, so a hostile file cannot script the app.

import type { Attachment } from '../../contract';
import { t } from '../../i18n';
import { PaperclipIcon } from '../common/icons';

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function AttachmentView({ attachment: a }: { attachment: Attachment }) {
  if (!a.url) {
    return (
      <p className="attachment attachment--missing" data-testid="attachment">
        <PaperclipIcon width={16} height={16} /> {t('message.attachmentUnavailable', { name: a.name })}
      </p>
    );
  }
  switch (a.kind) {
    case 'image':
      return (
        <a className="attachment attachment--image" href={a.url} target="_blank" rel="noreferrer" data-testid="attachment">
          <img src={a.url} alt={t('message.attachment', { name: a.name })} loading="lazy" />
        </a>
      );
    case 'audio':
      return <audio className="attachment attachment--audio" data-testid="attachment" src={a.url} controls preload="none" />;
    case 'video':
      return <video className="attachment attachment--video" data-testid="attachment" src={a.url} controls preload="metadata" />;
    default:
      return (
        <a className="attachment attachment--file" href={a.url} download={a.name} data-testid="attachment">
          <PaperclipIcon width={16} height={16} />
          <span className="attachment__name">{a.name}</span>
          <span className="attachment__size">{formatSize(a.size)}</span>
        </a>
      );
  }
}
