// One attachment of a message. The bytes live in main and come from the host's URL
// (app://parley/attachments/… or /attachments/…), never from IPC, the cache or a remote
// server. Images show as thumbnails whose space is reserved from their known pixel size
// (width/height attributes: no jump when they load) and open in a viewer; audio and video
// play inline; anything else is a file row with Download. Main serves each with a
// sandboxing Content-Security-Policy, so a hostile file cannot script the app.

import { useState } from 'react';
import type { Attachment } from '../../contract';
import { t } from '../../i18n';
import { PaperclipIcon } from '../common/icons';
import { FileRow } from './attachments/FileRow';
import { ImageViewer } from './attachments/ImageViewer';
import './attachments/attachments.css';

/** The thumbnail's box: at most this wide or tall, the image's own proportions kept. */
const THUMB_MAX = 280;

function thumbnailSize(a: Attachment): { width: number; height: number } | null {
  if (!a.width || !a.height) return null;
  const scale = Math.min(1, THUMB_MAX / a.width, THUMB_MAX / a.height);
  return { width: Math.max(1, Math.round(a.width * scale)), height: Math.max(1, Math.round(a.height * scale)) };
}

export function AttachmentView({ attachment: a }: { attachment: Attachment }) {
  const [viewing, setViewing] = useState(false);
  // A file row needs no URL to say what the file is (the sender's own, still uploading).
  if (!a.url && a.kind === 'file') return <FileRow attachment={a} />;
  if (!a.url) {
    return (
      <p className="attachment attachment--missing" data-testid="attachment">
        <PaperclipIcon width={16} height={16} /> {t('message.attachmentUnavailable', { name: a.name })}
      </p>
    );
  }
  switch (a.kind) {
    case 'image': {
      const size = thumbnailSize(a);
      return (
        <>
          <button
            type="button"
            className="attachment attachment--image"
            data-testid="attachment"
            data-kind="image"
            aria-label={t('attach.open', { name: a.name })}
            onClick={() => setViewing(true)}
          >
            <img src={a.url} alt={t('message.attachment', { name: a.name })} loading="lazy" decoding="async" data-testid="attachment-image" {...(size ?? {})} />
          </button>
          {viewing && <ImageViewer attachment={a} onClose={() => setViewing(false)} />}
        </>
      );
    }
    case 'audio':
      return <audio className="attachment attachment--audio" data-testid="attachment" src={a.url} controls preload="none" />;
    case 'video':
      return <video className="attachment attachment--video" data-testid="attachment" src={a.url} controls preload="metadata" />;
    default:
      return <FileRow attachment={a} />;
  }
}
