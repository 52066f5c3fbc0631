// A message's text as text: React text nodes, and <a> elements only for the addresses the
// linkifier allows (http, https, mailto). A click never navigates this page: it asks main
// to open the address (links.openExternal), and main checks it again. The element's title
// always shows the real address; a look-alike host is shown in its real (punycode) form,
// with a warning mark.

import { memo, useMemo, type MouseEvent } from 'react';
import { useClient } from '../../client/ClientProvider';
import { t } from '../../i18n';
import { emojiOnlyCount } from '../../lib/emoji-only';
import { linkify, type LinkPiece } from '../../lib/linkify';
import './message-text.css';
import { useLanguage } from '../../i18n/use-language';

export const MessageText = memo(function MessageText({ text }: { text: string }) {
  useLanguage(); // memo: re-render in a newly chosen language
  const pieces = useMemo(() => linkify(text), [text]);
  const emoji = useMemo(() => emojiOnlyCount(text), [text]);
  return (
    <p
      className={emoji > 0 ? 'message__text message__text--emoji' : 'message__text'}
      data-testid="message-text"
      data-emoji-only={emoji > 0 ? String(emoji) : undefined}
      dir="auto"
    >
      {pieces.map((piece, i) => (piece.kind === 'text' ? piece.text : <MessageLink key={i} link={piece} />))}
    </p>
  );
});

function MessageLink({ link }: { link: LinkPiece }) {
  const client = useClient();
  const open = (event: MouseEvent<HTMLAnchorElement>) => {
    // Never this page's navigation, a new tab or a new window: main opens it outside Parley.
    event.preventDefault();
    if (event.type === 'auxclick' && event.button !== 1) return;
    void client.openLink(link.href);
  };
  const warning = link.flagged === 'lookalike-host' ? t('message.link.lookalike') : link.flagged === 'userinfo' ? t('message.link.userinfo') : null;
  return (
    <>
      <a
        className={warning ? 'message__link message__link--flagged' : 'message__link'}
        data-testid="message-link"
        data-flagged={link.flagged}
        href={link.href}
        title={warning ? `${link.href}\n${warning}` : link.href}
        rel="noopener noreferrer nofollow"
        referrerPolicy="no-referrer"
        onClick={open}
        onAuxClick={open}
        draggable={false}
      >
        {link.text}
      </a>
      {warning && (
        <span className="message__link-warning" data-testid="message-link-warning" role="img" aria-label={warning} title={warning}>
          ⚠
        </span>
      )}
    </>
  );
}
