// "Are you sure?" for what cannot be undone from here (leave a group, delete a conversation,
// hand ownership on). A modal <dialog>: focus stays inside, Escape cancels. The action's
// error shows inside the dialog, in the server's words, and the dialog stays open.

import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { Result } from '../../contract';
import { t } from '../../i18n';
import '../sidebar/dialog.css';
import { errorText } from './error-text';

interface Props {
  message: string;
  confirmLabel: string;
  /** More to decide with the confirmation (sign-out's "also remove this account's messages"). */
  children?: ReactNode;
  onConfirm: () => Promise<Result<unknown>>;
  onClose: () => void;
}

export function ConfirmDialog({ message, confirmLabel, children, onConfirm, onClose }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const messageId = useId();

  useEffect(() => {
    const el = dialog.current;
    if (el && !el.open) el.showModal();
  }, []);

  async function confirm() {
    setBusy(true);
    setError(null);
    const result = await onConfirm();
    if (result.ok) return onClose();
    setError(t('conversation.actionFailed', { message: errorText(result.error) }));
    setBusy(false);
  }

  return (
    <dialog ref={dialog} className="dialog dialog--confirm" aria-describedby={messageId} data-testid="confirm-dialog" onClose={onClose}>
      <div className="dialog__panel">
        <p id={messageId} className="confirm__message">
          {message}
        </p>
        {children}
        {error && (
          <p className="inline-error" role="alert" data-testid="confirm-error">
            {error}
          </p>
        )}
        <div className="confirm__actions">
          <button type="button" className="button" data-testid="confirm-cancel" onClick={onClose} disabled={busy}>
            {t('confirm.cancel')}
          </button>
          <button type="button" className="button button--danger" data-testid="confirm-accept" onClick={() => void confirm()} disabled={busy} autoFocus>
            {confirmLabel}
          </button>
        </div>
      </div>
    </dialog>
  );
}
