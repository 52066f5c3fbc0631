// Drag files onto a conversation to send them. The zone says so while files hover over it;
// anything that is not files (text, a link) is left to the browser's own handling.

import { useState, type DragEvent, type ReactNode } from 'react';
import { t } from '../../../i18n';
import { useCanSendFiles, useSendFiles, useTransferFeed } from './use-send-files';

const carriesFiles = (e: DragEvent) => [...e.dataTransfer.types].includes('Files');

export function FileDropZone({ conversationRef, className, children }: { conversationRef: string; className: string; children: ReactNode }) {
  useTransferFeed();
  const canSend = useCanSendFiles(conversationRef);
  const sendFiles = useSendFiles(conversationRef);
  const [over, setOver] = useState(false);
  if (!canSend) return <div className={className}>{children}</div>;
  return (
    <div
      className={`${className} file-drop${over ? ' file-drop--over' : ''}`}
      data-testid="file-drop-zone"
      onDragOver={(e) => {
        if (!carriesFiles(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
        setOver(true);
      }}
      onDragLeave={(e) => {
        // Leaving for a child is not leaving the zone.
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(false);
      }}
      onDrop={(e) => {
        if (!carriesFiles(e)) return;
        e.preventDefault();
        setOver(false);
        void sendFiles([...e.dataTransfer.files]);
      }}
    >
      {children}
      {over && (
        <div className="file-drop__hint" aria-hidden="true">
          {t('attach.dropHere')}
        </div>
      )}
    </div>
  );
}
