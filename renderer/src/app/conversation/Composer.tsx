// Write and send. Enter sends, Shift+Enter starts a new line; the box grows with the text.
// Sending never waits for the network: main's outbox holds the message until it can go,
// from the conversation's own account. Where the account or the conversation cannot send
// (a receive-only bridge, Mingdao's "ban speak"), the composer says so instead.

import { useEffect, useLayoutEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useClient, useParley } from '../../client/ClientProvider';
import { MAX_MESSAGE_LENGTH, type Conversation } from '../../contract';
import { t } from '../../i18n';
import { SendIcon } from '../common/icons';
import { TypingReporter } from './typing-reporter';

const MAX_HEIGHT_PX = 200;

export function Composer({ conversation, conversationRef }: { conversation: Conversation; conversationRef: string }) {
  const status = useParley((s) => s.accounts[conversation.accountId]);
  if (!status) return null;
  if (status.capabilities.messaging === 'receive-only') return <p className="composer composer--closed">{t('account.receiveOnly')}</p>;
  if (conversation.permissions && !conversation.permissions.send) {
    return (
      <p className="composer composer--closed" data-testid="composer-closed">
        {conversation.permissions.reason ?? t('account.cannotSend')}
      </p>
    );
  }
  return <ComposerForm conversationRef={conversationRef} connection={status.connection} />;
}

function ComposerForm({ conversationRef, connection }: { conversationRef: string; connection: string }) {
  const client = useClient();
  const [text, setText] = useState('');
  const input = useRef<HTMLTextAreaElement>(null);
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
  const canSend = text.trim().length > 0 && over <= 0;

  useLayoutEffect(() => {
    const el = input.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, MAX_HEIGHT_PX)}px`;
  }, [text]);

  // Leaving the conversation (the composer is keyed by it) or the chat: "stopped typing".
  useEffect(() => () => typing.stop(), [typing]);

  function send() {
    const body = text.trim();
    if (!body || !canSend) return;
    setText('');
    typing.stop();
    client.send(conversationRef, body).catch((error: unknown) => {
      // main did not take it (signed out meanwhile?): give the text back rather than lose it.
      console.error('[parley] could not queue the message', error);
      setText((current) => current || body);
    });
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    // isComposing: Enter that confirms an IME candidate (Chinese, Japanese, ...) is not "send".
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send();
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
      <div className="composer__row">
        <textarea
          ref={input}
          className="composer__input"
          data-testid="composer-input"
          aria-label={t('composer.label')}
          placeholder={t('composer.placeholder')}
          rows={1}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            typing.changed(e.target.value);
          }}
          onKeyDown={onKeyDown}
          autoFocus
          dir="auto"
        />
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
}
