// The open thread, oldest at the top, virtualised: only the rows near the viewport are in
// the DOM (each row measured as it renders, an estimate elsewhere: virtual-window.ts), so a
// thread of any length keeps a bounded DOM. The store holds a window of the thread
// (store/historySlice.ts); scrolling near its top loads older pages (cache, then server:
// sync/history.ts), near the bottom of a detached window newer ones.
//
// The view never jumps: after every render the row the user was reading is put back at
// the same distance from the viewport's top (measured in the DOM), whatever was added or
// measured above it. At the bottom, the list stays pinned there as messages arrive.
//
// Search's entry point: `client.openConversation(ref, { focusKey })` loads the cached
// messages around `focusKey` and sets the ui store's `focusMessage: { ref, key }`; this list
// then scrolls that message to the middle of the view, highlights it (a fading background,
// `data-highlighted="true"` on its row) and clears `focusMessage`.

import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
import { useClient, useParley } from '../../client/ClientProvider';
import type { Conversation } from '../../contract';
import type { StoredMessage } from '../../db/database';
import { t } from '../../i18n';
import { formatDaySeparator } from '../../i18n/time';
import { LIVE_SLACK, WINDOW_MAX, historyOf } from '../../store/historySlice';
import { userName } from '../../store/names';
import { selectProtocolLabel, selectThread } from '../../store/selectors';
import { CallLine } from '../calls/CallLine';
import { useNow } from '../common/useNow';
import { JumpToNewest } from './JumpToNewest';
import { MessageBubble } from './MessageBubble';
import { NewMessageAnnouncer } from './NewMessageAnnouncer';
import { NudgeLine } from './NudgeLine';
import { SystemLine } from './SystemLine';
import { HistoryElsewhere, ThreadEdge } from './ThreadEdge';
import { layoutAfter, type MessageLayout } from './thread-layout';
import { receiptIndex, shownStatus } from './receipts';
import { arrivedAtBottom, estimateHeight, readingAnchor, rowOffsets, visibleRange } from './virtual-window';
import { useMessageFocus } from '../keyboard/useMessageFocus';
import { afterNextPaint } from '../../lib/after-next-paint';

/** Within this distance from the bottom, the list counts as "at the bottom". */
const PIN_THRESHOLD_PX = 80;
/** Rows laid out beyond the viewport on each side, in pixels. */
const OVERSCAN_PX = 600;
/** Never more rows in the DOM than this, however small they are. */
export const MAX_RENDERED_ROWS = 60;
/** Start loading the next page this far before the window's end comes into view. */
const LOAD_AHEAD_PX = 800;
/** A row's height before it was ever measured (and before any row of this thread was). */
const FALLBACK_ROW_PX = 52;

/**
 * What the last list measured, for the next one to start from: the lists of all
 * conversations have the same height, and their rows a similar one. A list that starts with
 * the right viewport and a fair row estimate renders the rows it shows in one pass. (The
 * first list guesses the window's height: never less than the list's, so its rows cover it.)
 */
const lastList = { viewportHeight: typeof window === 'undefined' ? 800 : window.innerHeight, rowEstimate: FALLBACK_ROW_PX };
/** Rows measured before a list's mean height is worth carrying to the next list (one row with a day separator is no guide). */
const ESTIMATE_SAMPLE = 10;
/**
 * Overscan before the first paint: rows are estimated until measured, and a row or two more
 * than the estimate says the viewport needs spares a second layout pass when they run short.
 */
const FIRST_PAINT_OVERSCAN_PX = 120;

/** Whether a row is drawn from the same things as when it was measured (compared one by one). */
function sameInputs(before: readonly unknown[] | undefined, now: readonly unknown[]): boolean {
  return before !== undefined && before.length === now.length && before.every((x, i) => x === now[i]);
}

/**
 * The message in a row, without the day separator above it: what stays in place. (A row's
 * separator goes when older messages of the same day arrive above it; the message must not move.)
 */
function messageOf(row: HTMLElement): Element {
  return row.lastElementChild ?? row;
}

export function MessageList(props: { conversation: Conversation; conversationRef: string }) {
  // One list per conversation: measurements and scroll state never leak from one to the next.
  return <ThreadList key={props.conversationRef} {...props} />;
}

function ThreadList({ conversation, conversationRef }: { conversation: Conversation; conversationRef: string }) {
  const client = useClient();
  const thread = useParley(selectThread(conversationRef));
  const history = useParley((s) => historyOf(s, conversationRef));
  const focus = useParley((s) => (s.focusMessage?.ref === conversationRef ? s.focusMessage : null));
  const myUserId = useParley((s) => s.accounts[conversation.accountId]?.account.userId);
  const now = useNow();
  const group = conversation.kind === 'group';
  // Names for the senders' runs in a group (users.get fills them in as they arrive).
  const users = useParley((s) => (group ? s.users : null));
  const accounts = useParley((s) => s.accounts);
  // The protocol keeps no history to page through: the top of the thread says where it is.
  const historyElsewhere = useParley((s) => {
    const status = s.accounts[conversation.accountId];
    return status && !status.capabilities.history ? selectProtocolLabel(status.account.protocol)(s) : null;
  });

  const scroller = useRef<HTMLDivElement>(null);
  const items = useRef<HTMLDivElement>(null);
  /** Measured heights by message key (separator included). */
  const heights = useRef(new Map<string, number>()).current;
  /** Per rendered row, what it was drawn from when last measured (see `drawnFrom` below). */
  const measuredFrom = useRef(new Map<string, readonly unknown[]>()).current;
  const [, setMeasured] = useState(0);
  /** The viewport in the rows' own coordinates. */
  const [viewport, setViewport] = useState(() => ({ top: 0, height: lastList.viewportHeight }));
  /**
   * Until the thread's first frame has painted, only the rows in the viewport (and a row or
   * two, FIRST_PAINT_OVERSCAN_PX) are rendered:
   * opening a conversation paints what it shows without first building (and laying out) the
   * overscan, which comes in the frame after, before any scroll can need it.
   */
  const [firstPainted, setFirstPainted] = useState(false);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    // The animation frame is the one that paints; a task queued from it runs after the paint.
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setFirstPainted(true), 0);
    });
    // A hidden window gets no animation frames: the rest comes anyway.
    const unpainted = setTimeout(() => setFirstPainted(true), 250);
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
      clearTimeout(unpainted);
    };
  }, []);
  const pinned = useRef(true);
  /** The newest key when the list last rendered (set by the layout effect below). */
  const lastNewest = useRef<string | undefined>(undefined);
  const [atBottom, setAtBottom] = useState(true);
  /** The row being read and its distance from the viewport's top: restored after every render. */
  const anchor = useRef<{ key: string; offset: number; byRow?: boolean } | null>(null);
  /** The newest message the user has seen at the bottom: what came after it counts as new. */
  const seenNewest = useRef<string | undefined>(undefined);
  const [highlighted, setHighlighted] = useState<string | null>(null);

  const keys = useMemo(() => thread?.keys ?? [], [thread?.keys]);
  // Nothing here walks the whole window per render (it holds up to WINDOW_MAX + LIVE_SLACK
  // rows, and a burst renders once per batch): rows are looked up, and laid out, only where
  // rendered; a key's place is searched from the newest end, where the keys looked up are.
  const byKey = thread?.byKey;
  const rowAt = (i: number): StoredMessage => byKey![keys[i]!]!;
  const indexOf = (key: string): number | undefined => {
    const i = keys.lastIndexOf(key);
    return i < 0 ? undefined : i;
  };
  // Delivered / seen from the members' marks: sorted once per change of the marks, then one
  // binary search per message of mine (receipts.ts).
  const { kind, memberIds, peerId, memberReceipts } = conversation;
  const receipts = useMemo(() => receiptIndex({ kind, memberIds, peerId, memberReceipts }, myUserId), [kind, memberIds, peerId, memberReceipts, myUserId]);
  // "Seen by N" is written out under my newest message the server knows; the others keep it in their tooltip.
  let newestOwnKey: string | undefined;
  for (let i = keys.length - 1; i >= 0 && receipts?.kind === 'group' && newestOwnKey === undefined; i--) {
    const m = rowAt(i);
    if (m.senderId === myUserId && m.id) newestOwnKey = m.key;
  }

  // Recomputed on every render (a thousand additions at most): a new measurement (`measured`) renders again.
  const estimate = estimateHeight(heights, lastList.rowEstimate);
  if (heights.size >= ESTIMATE_SAMPLE) lastList.rowEstimate = estimate;
  const offsets = rowOffsets(keys, heights, estimate);
  const total = offsets[keys.length]!;
  // Pinned: laid out from the bottom, whatever the last scroll event said.
  const top = pinned.current ? Math.max(0, total - viewport.height) : viewport.top;
  // A burst's step at the bottom: only what shows now, the overscan after the paint (virtual-window.ts).
  const burstJump = firstPainted && pinned.current && arrivedAtBottom(keys, lastNewest.current, indexOf);
  const overscan = firstPainted && !burstJump ? OVERSCAN_PX : FIRST_PAINT_OVERSCAN_PX;
  const range = visibleRange(offsets, top, viewport.height, overscan, MAX_RENDERED_ROWS);

  /** Where the rows start inside the scroller (its padding and the edge line above them). */
  const itemsTop = () => items.current?.offsetTop ?? 0;

  const readViewport = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    const next = { top: el.scrollTop - (items.current?.offsetTop ?? 0), height: el.clientHeight };
    if (next.height > 0) lastList.viewportHeight = next.height;
    // Pinned, the rows are laid out from the bottom whatever the top says (`top` above): the
    // scroll that follows a new message down needs no render of its own. Once unpinned (a
    // scroll up, a search result), the top is read again before it is used.
    setViewport((v) => (v.height === next.height && (pinned.current || Math.abs(v.top - next.top) < 0.5) ? v : next));
  }, []);

  /** The rendered rows, by key (at most MAX_RENDERED_ROWS). */
  const renderedRows = () => {
    const found = new Map<string, HTMLElement>();
    for (const child of Array.from(items.current?.children ?? [])) {
      const key = (child as HTMLElement).dataset.rowKey;
      if (key !== undefined) found.set(key, child as HTMLElement);
    }
    return found;
  };

  // Later size changes (an image decoded, the window resized): measured again, re-anchored.
  const observer = useMemo(
    () =>
      typeof ResizeObserver === 'undefined'
        ? null
        : new ResizeObserver((entries) => {
            let changed = false;
            for (const entry of entries) {
              const el = entry.target as HTMLElement;
              const key = el.dataset.rowKey;
              if (key === undefined || !el.isConnected) continue;
              const h = el.offsetHeight;
              if (h > 0 && Math.abs((heights.get(key) ?? -1) - h) >= 0.5) {
                heights.set(key, h);
                changed = true;
              }
            }
            if (changed) setMeasured((n) => n + 1);
          }),
    [heights],
  );
  useEffect(() => () => observer?.disconnect(), [observer]);
  const observed = useRef(new Set<Element>()).current;

  // After every render, before paint: measure the rows that are new or drawn from something
  // new, then put the view where it belongs. Other rows keep their height unless the
  // ResizeObserver says otherwise (an image decoded, the window resized): a new message
  // costs one row's measurement, not the whole rendered window's.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const shown = renderedRows();
    let changed = false;
    for (const [key, row] of shown) {
      const from = drawnFrom.get(key);
      if (observer && observed.has(row) && from && sameInputs(measuredFrom.get(key), from)) continue;
      if (from) measuredFrom.set(key, from);
      const h = row.offsetHeight;
      if (h > 0 && Math.abs((heights.get(key) ?? -1) - h) >= 0.5) {
        heights.set(key, h);
        changed = true;
      }
      if (observer && !observed.has(row)) {
        observer.observe(row);
        observed.add(row);
      }
    }
    for (const key of measuredFrom.keys()) if (!shown.has(key)) measuredFrom.delete(key);
    for (const row of observed) {
      if (!row.isConnected) {
        observer?.unobserve(row);
        observed.delete(row);
      }
    }

    // Sending always shows your message, even if you had scrolled up.
    const newest = keys[keys.length - 1];
    if (newest !== undefined && newest !== lastNewest.current && lastNewest.current !== undefined && thread?.byKey[newest]?.senderId === myUserId && !history.detached) {
      pinned.current = true;
    }
    lastNewest.current = newest;

    // A search result to bring into view: the middle of the viewport, highlighted.
    const focusAt = focus ? indexOf(focus.key) : undefined;
    if (focus && focusAt !== undefined) {
      const i = focusAt;
      const rowHeight = offsets[i + 1]! - offsets[i]!;
      pinned.current = false;
      anchor.current = { key: focus.key, offset: Math.max(0, (el.clientHeight - rowHeight) / 2), byRow: true };
      setHighlighted(focus.key);
      client.store.getState().clearFocusMessage();
    } else if (focus && thread) {
      client.store.getState().clearFocusMessage(); // not in the window (no longer cached): nothing to show
    }

    if (pinned.current) {
      el.scrollTop = el.scrollHeight;
      if (newest !== undefined && !history.detached) seenNewest.current = newest;
    } else if (anchor.current) {
      const row = shown.get(anchor.current.key);
      const i = indexOf(anchor.current.key);
      if (row) {
        // (Taken from the offsets, the anchor is where the row starts; from the screen, where its message does.)
        const at = anchor.current.byRow ? row : messageOf(row);
        const delta = at.getBoundingClientRect().top - el.getBoundingClientRect().top - anchor.current.offset;
        if (Math.abs(delta) >= 0.5) el.scrollTop += delta;
        // From now on, the row actually on top is the one to keep in place.
        anchor.current = anchorOnScreen(el) ?? anchor.current;
      } else if (i !== undefined) {
        // Not rendered yet (rows were added above it): scroll by the offsets, the next render measures.
        el.scrollTop = itemsTop() + offsets[i]! - anchor.current.offset;
      }
    }
    // The thread's first frame, pinned to the bottom with its rows covering the viewport:
    // what shows is right as it is, and the offsets above it (the measurements taken here)
    // and the viewport are brought up to date by the render after the paint (firstPainted),
    // not by a second render and layout before it.
    if (!firstPainted && pinned.current && coversViewport(el, shown)) return;
    // Pinned, the rows covering the viewport (a message arrived at the bottom): likewise what
    // shows is right as it is. The new row's height is in `heights`, which the next render
    // reads whatever causes it (the next message, a scroll up, a resize), and the scroll
    // position does not matter while pinned (readViewport): no second render and layout
    // before the message's frame, and none after it.
    if (pinned.current && coversViewport(el, shown)) {
      readViewport();
      return;
    }
    if (changed) setMeasured((n) => n + 1);
    readViewport();
  });

  // A burst's render built only what shows (BURST_JUMP_ROWS): the overscan comes after its paint.
  useEffect(() => (burstJump ? afterNextPaint(() => setMeasured((n) => n + 1)) : undefined), [burstJump, keys]);

  /** Whether the rendered rows reach the viewport's top (or start at the thread's first row). */
  function coversViewport(el: HTMLElement, shown: Map<string, HTMLElement>): boolean {
    if (range.start === 0) return true;
    const first = shown.values().next().value;
    return first !== undefined && first.getBoundingClientRect().top <= el.getBoundingClientRect().top + 0.5;
  }

  function onScroll() {
    const el = scroller.current;
    if (!el) return;
    const bottom = el.scrollHeight - el.scrollTop - el.clientHeight < PIN_THRESHOLD_PX && !history.detached;
    pinned.current = bottom;
    if (bottom && keys.length > 0) seenNewest.current = keys[keys.length - 1];
    // The row being read, as it is on screen now (by the offsets while the rows there are not rendered yet).
    const byOffsets = readingAnchor(keys, offsets, el.scrollTop - itemsTop());
    anchor.current = anchorOnScreen(el) ?? (byOffsets && { ...byOffsets, byRow: true });
    const update = () => {
      setAtBottom(bottom);
      readViewport();
    };
    // A jump past the rendered rows (the scrollbar's thumb dragged, Home, End, a script):
    // rendered and measured here, in the scroll event, before the frame paints. Left to
    // React's scheduling, that frame showed an empty band where the rows were not rendered
    // yet, and the frame after moved the rows by what their measured heights differed from
    // the estimate (30–37 px at the top of a newly opened thread, bench B3 in quick mode).
    // A scroll within the overscan (the wheel, the keys' steps) renders as before.
    if (leavesRenderedRows(el, bottom)) flushSync(update);
    else update();
  }

  /** Whether the viewport, scrolled to where `el` is now, shows a part of the window whose rows are not rendered. */
  function leavesRenderedRows(el: HTMLElement, bottom: boolean): boolean {
    const height = el.clientHeight;
    const top = bottom ? Math.max(0, total - height) : el.scrollTop - itemsTop();
    return (range.start > 0 && top < offsets[range.start]!) || (range.end < keys.length && top + height > offsets[range.end]!);
  }

  /** The first rendered row whose bottom is below the viewport's top, if the rendered rows cover that top. */
  function anchorOnScreen(el: HTMLElement): { key: string; offset: number } | null {
    const scrollerTop = el.getBoundingClientRect().top;
    let first = true;
    for (const [key, row] of renderedRows()) {
      const rect = row.getBoundingClientRect();
      // The first rendered row starts below the top: what is on screen there is not rendered yet.
      if (first && rect.top > scrollerTop + 0.5 && key !== keys[0]) return null;
      first = false;
      if (rect.bottom > scrollerTop) return { key, offset: messageOf(row).getBoundingClientRect().top - scrollerTop };
    }
    return null;
  }

  // Near the window's top: the next older page. Near a detached window's bottom: the next newer one.
  const wantsOlder = keys.length > 0 && !pinned.current && viewport.top < LOAD_AHEAD_PX;
  const shortThread = keys.length > 0 && total < viewport.height;
  const wantsNewer = history.detached && viewport.top + viewport.height > total - LOAD_AHEAD_PX;
  useEffect(() => {
    if (history.loading || history.failed) return;
    if ((wantsOlder || shortThread) && history.older !== 'none') void client.history.loadOlder(conversationRef);
    else if (wantsNewer) void client.history.loadNewer(conversationRef);
  }, [wantsOlder, shortThread, wantsNewer, history.loading, history.failed, history.older, client, conversationRef]);

  // The store learns whether the user reads the bottom: live messages then drop the window's
  // oldest rows in the step that adds them (historySlice.ts `trimLive`).
  const readsBottom = atBottom && !history.detached;
  useEffect(() => {
    if (history.atBottom !== readsBottom) client.history.setAtBottom(conversationRef, readsBottom);
  }, [readsBottom, history.atBottom, client, conversationRef]);

  // At the bottom of a window that grew well past its bound while the user was elsewhere in it: drop its oldest rows.
  const overgrown = atBottom && keys.length > WINDOW_MAX + LIVE_SLACK;
  useEffect(() => {
    if (overgrown && pinned.current) void client.history.trimToNewest(conversationRef);
  }, [overgrown, client, conversationRef]);

  // The highlight fades (CSS); the mark goes once it has.
  useEffect(() => {
    if (!highlighted) return;
    const timer = setTimeout(() => setHighlighted(null), 3000);
    return () => clearTimeout(timer);
  }, [highlighted]);

  function jumpToNewest() {
    pinned.current = true;
    setAtBottom(true);
    if (history.detached) void client.history.jumpToNewest(conversationRef);
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
  }

  // Keyboard: one message is the list's tab stop; arrows move between messages (keyboard/useMessageFocus.ts).
  const messageFocus = useMessageFocus({
    keys,
    start: range.start,
    end: range.end,
    fallbackKey: pinned.current ? keys[range.end - 1] : anchor.current?.key,
    scroller,
    reveal(key) {
      const el = scroller.current;
      const i = indexOf(key);
      if (!el || i === undefined) return;
      if (i === keys.length - 1 && !history.detached) pinned.current = true;
      else {
        pinned.current = false;
        anchor.current = { key, offset: Math.max(0, (el.clientHeight - (offsets[i + 1]! - offsets[i]!)) / 2), byRow: true };
      }
      setMeasured((n) => n + 1);
    },
  });

  const seenAt = seenNewest.current === undefined ? -1 : (indexOf(seenNewest.current) ?? -1);
  const newBelow = (seenAt >= 0 ? keys.length - 1 - seenAt : 0) + history.arrivedBelow.length;
  const showJump = history.detached || (!atBottom && keys.length > 0);

  const rendered: ReactNode[] = [];
  /** What each rendered row is drawn from in this render (the layout effect measures a row again only when it changed). */
  const drawnFrom = new Map<string, readonly unknown[]>();
  for (let i = range.start; i < range.end; i++) {
    const message = rowAt(i);
    rendered.push(
      <div
        key={message.key}
        className={message.key === highlighted ? 'message-row message-row--highlight' : 'message-row'}
        data-row-key={message.key}
        tabIndex={messageFocus.rowTabIndex(message.key)}
        data-highlighted={message.key === highlighted ? 'true' : undefined}
      >
        {row(message, layoutAfter(i > 0 ? rowAt(i - 1) : undefined, message, conversation.kind, myUserId))}
      </div>,
    );
  }

  function row(message: StoredMessage, { newDay, grouped, showSender }: MessageLayout) {
    const own = message.senderId === myUserId;
    const sender = showSender
      ? { id: message.senderId, name: userName({ users: users ?? {}, accounts }, message.accountId, message.senderId, conversation) ?? t('user.someone') }
      : undefined;
    // (ui-B) my message's delivered / seen state from the members' marks.
    const receipt = own && message.id && receipts ? receipts.of(message.id) : undefined;
    const seenBy = receipts?.kind === 'group' && receipt && receipt.seenBy.length > 0 ? receipt.seenBy.join(',') : undefined;
    const receiptStatus = own ? shownStatus(message.status, receipt) : undefined;
    const showSeenBy = message.key === newestOwnKey;
    drawnFrom.set(message.key, [message, newDay, grouped, showSender, sender?.name, receiptStatus, seenBy, showSeenBy, message.key === highlighted]);
    return (
      <>
        {newDay && (
          <div className="day-separator" role="separator" data-testid="day-separator">
            <span>{formatDaySeparator(message.sentAt, now)}</span>
          </div>
        )}
        {message.kind === 'system' ? (
          <SystemLine message={message} />
        ) : message.kind === 'nudge' ? (
          <NudgeLine message={message} conversation={conversation} />
        ) : message.kind === 'call' ? (
          <CallLine message={message} />
        ) : (
          <MessageBubble
            conversationRef={conversationRef}
            message={message}
            own={own}
            grouped={grouped}
            gutter={group && !own}
            sender={sender}
            withToolbar={firstPainted}
            {...(receiptStatus ? { receiptStatus } : {})}
            {...(seenBy ? { seenBy, showSeenBy } : {})}
          />
        )}
      </>
    );
  }

  return (
    <div className="message-list-frame">
      <div
        ref={scroller}
        className="message-list"
        data-testid="message-list"
        data-window-size={keys.length}
        data-oldest-key={keys[0] ?? ''}
        data-detached={history.detached ? 'true' : 'false'}
        data-loading={history.loading ? 'true' : 'false'}
        role="log"
        aria-label={t('conversation.messagesLabel', { name: conversation.title })}
        // Virtualised rows come and go as it scrolls: new messages are announced by
        // NewMessageAnnouncer instead, so scrolling never reads old ones out.
        aria-live="off"
        onScroll={onScroll}
        {...messageFocus.listProps}
      >
        {/* No server history (Mingdao): above what this device has, say where the rest is. */}
        {historyElsewhere && keys.length === 0 && <HistoryElsewhere protocol={historyElsewhere} />}
        {thread && keys.length === 0 && <p className="message-list__empty">{t('conversation.empty')}</p>}
        {keys.length > 0 && (
          <ThreadEdge history={history} historyElsewhere={historyElsewhere} onRetry={() => void client.history.loadOlder(conversationRef)} />
        )}
        <div ref={items} className="message-list__items" style={{ paddingTop: offsets[range.start], paddingBottom: total - offsets[range.end]! }}>
          {rendered}
        </div>
      </div>
      {showJump && <JumpToNewest count={newBelow} onJump={jumpToNewest} />}
      <NewMessageAnnouncer conversation={conversation} conversationRef={conversationRef} />
    </div>
  );
}
