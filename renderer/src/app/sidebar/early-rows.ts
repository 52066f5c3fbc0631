// The conversation list's first screen, painted before React, the store and the cache's code
// are there (bench B1): on a start, React, Dexie and the chat screen take 150–250 ms to
// arrive and compile, while the rows they will show are known much sooner, from the cache
// (a plain IndexedDB read of the accounts the last start showed) or, on a first start in this
// browser, from the host's early answer (host/early-answers.ts). The rows are built with
// ConversationRow's markup and classes, at the list's remembered place in the sidebar, so
// the chat screen's own rows then replace them without a jump; a click on one is kept and
// opens the conversation once the chat screen is up (app/early-list.ts). Presence, typing and
// the open conversation's highlight come with React.

import { conversationRef, type Conversation, type FirstPages } from '../../contract';
import { t, languageReady } from '../../i18n';
import { formatFullDateTime, formatListTime } from '../../i18n/time';
import { avatarColor, initials } from '../../lib/avatar';
import { compareForList } from '../../store/selectors';
import { chooseEarly, earlyList } from '../early-list';
import type { RememberedAccount, RememberedList } from '../first-screen';
import { previewText } from './preview-text';
import { rowsForWindow } from './rows-for-window';
import '../common/activity.css';
import './sidebar.css';

/** The list's top in the sidebar on a first start (one account, default text size), when no start measured it yet. */
export const DEFAULT_LIST_TOP = 168;
const AVATAR_PX = 44;

/**
 * Paints the first rows as soon as they are known: from the cache for the accounts the last
 * start showed, else from the host's first pages. Does nothing once React's chat screen (or
 * the sign-in screen) has replaced the shell: its rows are the real ones.
 */
export async function showEarlyRows(remembered: RememberedList | null, cached: Promise<Conversation[]>, firstPages: Promise<FirstPages | null>): Promise<void> {
  // The remembered language's catalogue: the rows say "You: …" and their times in it.
  await languageReady;
  const fromCache = await cached;
  if (remembered && fromCache.length > 0) {
    paintEarlyRows(fromCache, remembered.accounts, remembered.top);
    return;
  }
  const early = await firstPages.catch(() => null);
  if (!early || early.pages.length === 0) return;
  const { session } = early;
  const accounts = session.accounts.map(({ account }): RememberedAccount => {
    const protocol = session.protocols.find((p) => p.protocol === account.protocol)?.label ?? account.protocol;
    return { id: account.id, userId: account.userId, label: `${account.username} · ${protocol}` };
  });
  paintEarlyRows(
    early.pages.flatMap((p) => p.items),
    accounts,
    remembered?.top ?? DEFAULT_LIST_TOP,
  );
}

/**
 * The rows that fit the window, sorted as the list sorts them, into the shell's sidebar (or
 * into React's empty shell, which keeps them: AppShell.tsx). Returns whether it painted.
 */
export function paintEarlyRows(conversations: readonly Conversation[], accounts: readonly RememberedAccount[], top: number, now = Date.now(), doc: Document = document): boolean {
  const sidebar = doc.querySelector('.app-shell__sidebar');
  if (!sidebar || earlyList.node || earlyList.closed || conversations.length === 0) return false;
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const rows = conversations
    .filter((c) => byId.has(c.accountId))
    .sort(compareForList)
    .slice(0, rowsForWindow(doc.defaultView?.innerHeight));
  if (rows.length === 0) return false;

  const nav = el(doc, 'nav', 'conversation-list');
  nav.dataset.early = 'true';
  nav.style.paddingTop = `${Math.max(0, Math.min(top, 400))}px`;
  nav.setAttribute('aria-label', t('sidebar.label'));
  nav.setAttribute('aria-busy', 'true');
  const list = el(doc, 'ul', 'conversation-list__items');
  for (const c of rows) {
    const account = byId.get(c.accountId)!;
    const item = el(doc, 'li');
    item.append(row(doc, c, account, accounts.length > 1, now));
    list.append(item);
  }
  nav.append(list);
  // A click before the client runs is kept, not lost: the chat screen opens it once it is up.
  nav.addEventListener('click', (event) => {
    const button = (event.target as Element | null)?.closest<HTMLElement>('[data-testid="conversation-item"]');
    if (!button?.dataset.ref) return;
    // Shown chosen at once, as the chat screen's row will be once it opens.
    for (const other of list.querySelectorAll('[aria-current]')) other.removeAttribute('aria-current');
    button.setAttribute('aria-current', 'page');
    chooseEarly(button.dataset.ref);
  });
  earlyList.node = nav;
  sidebar.append(nav);
  return true;
}

/** ConversationRow's markup (keep the two alike): avatar, title, time, preview, unread badge. */
function row(doc: Document, c: Conversation, account: RememberedAccount, showAccount: boolean, now: number): HTMLElement {
  const unread = c.unreadCount;
  const button = el(doc, 'button', unread > 0 ? 'conversation-row conversation-row--unread' : 'conversation-row');
  button.setAttribute('type', 'button');
  button.dataset.testid = 'conversation-item';
  button.dataset.accountId = c.accountId;
  button.dataset.conversationId = c.id;
  button.dataset.ref = conversationRef(c.accountId, c.id);
  if (c.pinned) button.dataset.pinned = 'true';
  if (c.muted) button.dataset.muted = 'true';
  if (c.request) button.dataset.request = 'true';

  const avatar = el(doc, 'span', 'avatar');
  avatar.setAttribute('aria-hidden', 'true');
  avatar.style.backgroundColor = avatarColor(c.peerId ?? c.id);
  avatar.style.width = avatar.style.height = `${AVATAR_PX}px`;
  avatar.style.fontSize = `${Math.round(AVATAR_PX * 0.38)}px`;
  if (c.avatarImage) {
    const img = el(doc, 'img', 'avatar__image') as HTMLImageElement;
    img.src = c.avatarImage;
    img.alt = '';
    img.width = img.height = AVATAR_PX;
    img.onerror = () => img.replaceWith(initials(c.title));
    avatar.append(img);
  } else {
    avatar.textContent = initials(c.title);
  }
  if (c.kind === 'direct' && c.peerId) {
    const wrap = el(doc, 'span', 'with-presence');
    wrap.append(avatar);
    button.append(wrap);
  } else {
    button.append(avatar);
  }

  const body = el(doc, 'span', 'conversation-row__body');
  const topLine = el(doc, 'span', 'conversation-row__top');
  const title = el(doc, 'span', 'conversation-row__title', c.title);
  title.dataset.testid = 'conversation-title';
  title.dir = 'auto';
  topLine.append(title);
  // The muted and pinned marks' places (their icons come with React's row).
  for (const [on, key] of [
    [c.muted, 'conversation.muted'],
    [c.pinned, 'conversation.pinned'],
  ] as const) {
    if (!on) continue;
    const mark = el(doc, 'span', 'conversation-row__mark');
    mark.title = t(key);
    mark.style.width = mark.style.height = '14px';
    topLine.append(mark);
  }
  const time = el(doc, 'time', 'conversation-row__time', formatListTime(c.lastActivityAt, now)) as HTMLTimeElement;
  time.dataset.testid = 'conversation-time';
  time.dateTime = new Date(c.lastActivityAt).toISOString();
  time.title = formatFullDateTime(c.lastActivityAt);
  topLine.append(time);

  const bottom = el(doc, 'span', 'conversation-row__bottom');
  if (c.request) bottom.append(el(doc, 'span', 'conversation-row__request', t('conversation.request')));
  const preview = el(doc, 'span', 'conversation-row__preview', earlyPreview(c, account.userId));
  preview.dataset.testid = 'conversation-preview';
  preview.dir = 'auto';
  bottom.append(preview);
  if (unread > 0) {
    const badge = el(doc, 'span', c.muted ? 'unread-badge unread-badge--muted' : 'unread-badge', unread > 99 ? '99+' : String(unread));
    badge.dataset.testid = 'conversation-unread';
    badge.setAttribute('aria-label', t('conversation.unread', { count: unread }));
    bottom.append(badge);
  }
  body.append(topLine, bottom);
  if (showAccount) body.append(el(doc, 'span', 'conversation-row__account', account.label));
  button.append(body);
  return button;
}

/** The row's preview; a group change or a nudge in the server's own words until React words them with the names it knows. */
function earlyPreview(c: Conversation, myUserId: string): string {
  const last = c.lastMessage;
  if (last && (last.system || last.kind === 'nudge') && last.text.trim()) return last.text;
  return previewText(c, myUserId);
}

function el(doc: Document, tag: string, className?: string, text?: string): HTMLElement {
  const node = doc.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}
