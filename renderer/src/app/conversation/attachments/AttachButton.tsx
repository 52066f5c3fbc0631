// The composer's paperclip: opens the system's file picker; what is picked goes out as
// file messages (use-send-files.ts). Shown only where the account can send files.

import { useRef } from 'react';
import { t } from '../../../i18n';
import { PaperclipIcon } from '../../common/icons';
import { useCanSendFiles, useSendFiles } from './use-send-files';

export function AttachButton({ conversationRef }: { conversationRef: string }) {
  const input = useRef<HTMLInputElement>(null);
  const canSend = useCanSendFiles(conversationRef);
  const sendFiles = useSendFiles(conversationRef);
  if (!canSend) return null;
  return (
    <>
      <button
        type="button"
        className="composer__attach"
        data-testid="attach-button"
        aria-label={t('attach.button')}
        title={t('attach.button')}
        onClick={() => input.current?.click()}
      >
        <PaperclipIcon />
      </button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        data-testid="attach-input"
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          // Cleared, so picking the same file again still fires a change.
          e.target.value = '';
          void sendFiles(files);
        }}
      />
    </>
  );
}

/** Paste into the composer: files on the clipboard (a screenshot, copied files) are sent as files. */
export function usePasteFiles(conversationRef: string): (e: React.ClipboardEvent) => void {
  const canSend = useCanSendFiles(conversationRef);
  const sendFiles = useSendFiles(conversationRef);
  return (e) => {
    const files = [...e.clipboardData.files];
    if (!canSend || files.length === 0) return;
    // Files only: the text of a mixed paste is not wanted as well (a copied file's name).
    e.preventDefault();
    void sendFiles(files);
  };
}
