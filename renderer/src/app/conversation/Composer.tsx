// Write and send. Enter sends, Shift+Enter starts a new line; the box grows with the text up
// to a limit, then scrolls (composer-rules.ts). The text goes out as typed or pasted:
// indentation, tabs and blank lines inside it are kept. An emoji picker inserts at the
// caret. What is in the box is the conversation's draft (drafts.ts): it is there again after
// switching conversations or restarting, until it is sent.
// Sending never waits for the network: main's outbox holds the message until it can go,
// from the conversation's own account. Where the account or the conversation cannot send
// (a receive-only bridge, Mingdao's "ban speak"), the composer says so instead.

import { memo, useEffect, useLayoutEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useClient, useParley } from '../../client/ClientProvider';
import { MAX_MESSAGE_LENGTH, type Conversation } from '../../contract';
import { t } from '../../i18n';
import { SendIcon } from '../common/icons';
import { insertAtCaret, keyAction, textToSend } from './composer-rules';
import { drafts } from './drafts';
import { endHold } from './typing-across-switch';
import { useGrowingBox } from './use-growing-box';
import { EmojiPicker } from './EmojiPicker';
import { TypingReporter } from './typing-reporter';
import './composer.css';
import { AttachButton, usePasteFiles } from './attachments/AttachButton';
import { lastEditableKey, requestEdit } from '../keyboard/edit-request';
import { PLATFORM } from '../keyboard/platform';
import { matchesShortcut } from '../keyboard/shortcuts';
import { UploadTray } from './attachments/UploadTray';

export function Composer({ conversation, conversationRef }: { conversation: Conversation; conversationRef: string }) {
  const status = useParley((s) => s.accounts[conversation.accountId]);
  if (!status) return null;
  if (status.capabilities.messaging === 'receive-only') return <p className="composer composer--closed">{t('account.receiveOnly')}</p>;
  if (conversation.permissions && !conversation.permissions.send) {
    return (
      // The reason is the server's own words (any language and script).
      <p className="composer composer--closed" data-testid="composer-closed" data-reason={conversation.permissions.reason ? 'server' : 'default'} dir="auto">
        {conversation.permissions.reason ?? t('account.cannotSend')}
      </p>
    );
  }
  return <ComposerForm conversationRef={conversationRef} connection={status.connection} />;
}

// Memoised: a message arriving changes the conversation (its preview), not the composer; it
// re-renders for its own state and subscriptions only, off the path of painting that message.
const ComposerForm = memo(function ComposerForm({ conversationRef, connection }: { conversationRef: string; connection: string }) {
  const client = useClient();
  // The composer is keyed by its conversation (ConversationView is), so this runs once per opening.
  const [text, setText] = useState(() => drafts.get(conversationRef));
  const input = useRef<HTMLTextAreaElement>(null);
  /** Where the caret goes after the next render (an emoji was inserted). */
  const caretAfterRender = useRef<number | null>(null);
  const [typing] = useState(
    () =>
      new TypingReporter({
        send: (on) => client.setTyping(conversationRef, on),
        now: Date.now,
        setTimer: (run, ms) => setTimeout(run, ms),
        clearTimer: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
      }),
  );
  // Over the limit, the text stays in the box (no silent truncation of a paste) and Send
  // waits until it is short enough: the server would refuse it anyway.
  const over = text.length - MAX_MESSAGE_LENGTH;
  const canSend = textToSend(text) !== null && over <= 0;
  // Files: the paperclip, paste, and the upload tray (attachments/); drop is the conversation's.
  const pasteFiles = usePasteFiles(conversationRef);

  useGrowingBox(input, text);

  // Opened with a draft: typing goes on at its end, not before it (the box has the focus,
  // autoFocus, whose caret is at the start). That includes keys typed while the keyboard
  // switched here (typing-across-switch.ts), which are in the draft; from now on they come
  // to this box.
  useLayoutEffect(() => {
    endHold(conversationRef);
    const el = input.current;
    if (el && el.ownerDocument.activeElement === el) el.setSelectionRange(el.value.length, el.value.length);
  }, [conversationRef]);

  useLayoutEffect(() => {
    const caret = caretAfterRender.current;
    const el = input.current;
    if (caret === null || !el) return;
    caretAfterRender.current = null;
    el.focus();
    el.setSelectionRange(caret, caret);
  }, [text]);

  // Leaving the conversation (the composer is keyed by it) or the chat: "stopped typing".
  useEffect(() => () => typing.stop(), [typing]);

  function change(next: string) {
    setText(next);
    drafts.set(conversationRef, next);
    typing.changed(next);
  }

  function send() {
    const body = textToSend(text);
    if (body === null || !canSend) return;
    setText('');
    drafts.clear(conversationRef);
    // The message first, then "stopped typing": the other side's window would otherwise take
    // the typing change as a step of its own before it could paint the message.
    const sent = client.send(conversationRef, body);
    typing.stop();
    sent.catch((error: unknown) => {
      // main did not take it (signed out meanwhile?): give the text back rather than lose it.
      console.error('[parley] could not queue the message', error);
      setText((current) => {
        const restored = current || body;
        drafts.set(conversationRef, restored);
        return restored;
      });
    });
  }

  function insertEmoji(emoji: string) {
    const el = input.current;
    const start = el?.selectionStart ?? text.length;
    const end = el?.selectionEnd ?? text.length;
    const next = insertAtCaret(text, start, end, emoji);
    caretAfterRender.current = next.caret;
    change(next.text);
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    const action = keyAction({ key: event.key, shiftKey: event.shiftKey, isComposing: event.nativeEvent.isComposing });
    if (action === 'send') {
      event.preventDefault();
      send();
    }
    // 'newline': the textarea inserts it itself, at the caret.
    // Up in an empty box: edit my last message (keyboard/edit-request.ts), as Slack and Teams do.
    if (text === '' && matchesShortcut('editLast', event.nativeEvent, PLATFORM)) {
      const state = client.store.getState();
      const conversation = state.conversationsByRef[conversationRef];
      const account = conversation && state.accounts[conversation.accountId];
      const key = lastEditableKey(state.threads[conversationRef], account?.account.userId, account?.capabilities);
      if (key) {
        event.preventDefault();
        requestEdit(key);
      }
    }
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    send();
    input.current?.focus();
  }

  const note =
    connection === 'online' ? null : connection === 'connecting' ? t('composer.connectingNote') : t('composer.offlineNote');
  return (
    <form className="composer" onSubmit={onSubmit}>
      {note && (
        <p className="composer__note" data-testid="composer-offline-note" role="status">
          {note}
        </p>
      )}
      {over > 0 && (
        <p className="composer__note composer__note--error" data-testid="composer-too-long" role="alert">
          {t('composer.tooLong', { over: over.toLocaleString() })}
        </p>
      )}
      <UploadTray conversationRef={conversationRef} />
      <div className="composer__row">
        <AttachButton conversationRef={conversationRef} />
        <div className="composer__box">
          <textarea
            ref={input}
            className="composer__input"
            data-testid="composer-input"
            aria-label={t('composer.label')}
            placeholder={t('composer.placeholder')}
            rows={1}
            value={text}
            onChange={(e) => change(e.target.value)}
            onKeyDown={onKeyDown}
            onPaste={pasteFiles}
            autoFocus
            dir="auto"
            spellCheck
          />
          <EmojiPicker onPick={insertEmoji} onClose={() => input.current?.focus()} />
        </div>
        <button
          type="submit"
          className="composer__send"
          data-testid="composer-send"
          aria-label={t('composer.send')}
          title={t('composer.send')}
          disabled={!canSend}
        >
          <SendIcon />
        </button>
      </div>
    </form>
  );
});
