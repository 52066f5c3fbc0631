// The title and the tab's icon follow the unread total once it has settled, and only when
// what they show would change: a count that goes 1 then 0 (a message read as it arrives in
// the open conversation) touches neither, and a burst of changes is shown once.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createParleyStore } from '../store';
import { createFakeParleyApi } from '../testing/fakeParleyApi';
import { SETTLE_MS, showUnreadInTitle } from './unread-in-title';

const favicon = vi.hoisted(() => ({ calls: [] as number[] }));
vi.mock('../host/favicon', () => ({ showUnreadInFavicon: (_doc: Document, count: number) => favicon.calls.push(count) }));

function fakeDocument() {
  let titleWrites = 0;
  let title = '';
  const doc = {
    get title() {
      return title;
    },
    set title(value: string) {
      titleWrites++;
      title = value;
    },
  };
  return { doc: doc as unknown as Document, titleWrites: () => titleWrites };
}

const totals = (total: number) => ({ total, byAccount: {} });

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  favicon.calls.length = 0;
});

describe('unread total in the title', () => {
  it('shows a changed total once it has settled, once, however many updates came before', () => {
    const store = createParleyStore(createFakeParleyApi().api);
    const page = fakeDocument();
    const stop = showUnreadInTitle(store, page.doc);
    expect(page.doc.title).toBe('Parley');
    expect(favicon.calls).toEqual([0]);
    store.setState({ unread: totals(1) });
    store.setState({ unread: totals(2) });
    vi.advanceTimersByTime(SETTLE_MS - 1);
    store.setState({ unread: totals(3) });
    expect(page.doc.title).toBe('Parley');
    vi.advanceTimersByTime(1);
    expect(page.doc.title).toBe('(3) Parley');
    expect(favicon.calls).toEqual([0, 3]);
    expect(vi.getTimerCount()).toBe(0);
    stop();
  });

  it('leaves the title and the icon alone when the total is back where it was by then', () => {
    const store = createParleyStore(createFakeParleyApi().api);
    const page = fakeDocument();
    const stop = showUnreadInTitle(store, page.doc);
    const writes = page.titleWrites();
    store.setState({ unread: totals(1) });
    vi.advanceTimersByTime(SETTLE_MS / 2);
    store.setState({ unread: totals(0) });
    vi.advanceTimersByTime(SETTLE_MS);
    expect(page.titleWrites()).toBe(writes);
    expect(favicon.calls).toEqual([0]);
    // Other changes to the store schedule nothing.
    store.setState({ openConversationRef: 'x' });
    expect(vi.getTimerCount()).toBe(0);
    stop();
  });

  it('stops following the store when stopped', () => {
    const store = createParleyStore(createFakeParleyApi().api);
    const page = fakeDocument();
    const stop = showUnreadInTitle(store, page.doc);
    store.setState({ unread: totals(4) });
    stop();
    vi.advanceTimersByTime(SETTLE_MS);
    store.setState({ unread: totals(5) });
    vi.advanceTimersByTime(SETTLE_MS);
    expect(page.doc.title).toBe('Parley');
  });
});
