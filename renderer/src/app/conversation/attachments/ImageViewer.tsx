// An image at full size over the app: Esc, the close button or a click outside closes it,
// and focus goes back where it was. The image comes from the host like the thumbnail.

import { useEffect, useRef } from 'react';
import { createPortal } from 'react-dom';
import type { Attachment } from '../../../contract';
import { t } from '../../../i18n';

export function ImageViewer({ attachment: a, onClose }: { attachment: Attachment; onClose: () => void }) {
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    close.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        onClose();
      }
    };
    document.addEventListener('keydown', onKey, true);
    return () => {
      document.removeEventListener('keydown', onKey, true);
      before?.focus?.();
    };
  }, [onClose]);
  return createPortal(
    <div className="image-viewer" role="dialog" aria-modal="true" aria-label={a.name} data-testid="image-viewer" onClick={onClose}>
      <img
        className="image-viewer__image"
        src={a.url}
        alt={t('message.attachment', { name: a.name })}
        {...(a.width && a.height ? { width: a.width, height: a.height } : {})}
        onClick={(e) => e.stopPropagation()}
      />
      <div className="image-viewer__bar" onClick={(e) => e.stopPropagation()}>
        <span className="image-viewer__name">{a.name}</span>
        <button ref={close} type="button" className="button button--small" data-testid="image-viewer-close" onClick={onClose}>
          {t('attach.close')}
        </button>
      </div>
    </div>,
    document.body,
  );
}
