// The inline editor of one of my sent messages, in place of its text: Enter saves, Shift+Enter
// starts a new line, Escape cancels (so does Cancel). The text is kept exactly as edited
// (composer-rules.ts). Unchanged text closes without asking the server. A refusal (offline,
// someone else's message, ...) shows under the box in the server's words, and the edit stays.

import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useClient } from '../../client/ClientProvider';
import { MAX_MESSAGE_LENGTH } from '../../contract';
import { t } from '../../i18n';
import { keyAction, textToSend } from './composer-rules';
import { useGrowingBox } from './use-growing-box';
import { errorText } from '../common/error-text';

interface Props {
  conversationRef: string;
  messageId: string;
  text: string;
  onDone(): void;
}

export function MessageEditor({ conversationRef, messageId, text: original, onDone }: Props) {
  const client = useClient();
  const [text, setText] = useState(original);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const box = useRef<HTMLTextAreaElement>(null);
  const hintId = useId();
  useGrowingBox(box, text);

  // Opens with the caret at the end, ready to type.
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
  }, []);

  const body = textToSend(text);
  const canSave = body !== null && text.length <= MAX_MESSAGE_LENGTH && !saving;

  async function save() {
    if (!canSave || body === null) return;
    if (body === original) return onDone();
    setSaving(true);
    setError(null);
    const result = await client.editMessage(conversationRef, messageId, body);
    if (result.ok) return onDone();
    setSaving(false);
    setError(t('message.editFailed', { message: errorText(result.error) }));
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onDone();
      return;
    }
    if (keyAction({ key: e.key, shiftKey: e.shiftKey, isComposing: e.nativeEvent.isComposing }) === 'send') {
      e.preventDefault();
      void save();
    }
  }

  return (
    <div className="message-editor" data-testid="message-editor">
      <textarea
        ref={box}
        className="message-editor__input"
        data-testid="message-editor-input"
        aria-label={t('message.editLabel')}
        aria-describedby={hintId}
        rows={1}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
        readOnly={saving}
        dir="auto"
      />
      {error && (
        <p className="message-editor__error" role="alert" data-testid="message-editor-error">
          {error}
        </p>
      )}
      <div className="message-editor__bar">
        <span id={hintId} className="message-editor__hint">
          {t('message.editHint')}
        </span>
        <button type="button" className="button button--small message-editor__cancel" data-testid="message-editor-cancel" onClick={onDone}>
          {t('message.editCancel')}
        </button>
        <button type="button" className="button button--small message-editor__save" data-testid="message-editor-save" disabled={!canSave} onClick={() => void save()}>
          {t('message.editSave')}
        </button>
      </div>
    </div>
  );
}
