// The conversation list renders the rows that fit the window first, then the rest in idle
// slices until the whole list is there (bench B1: 200 rows at once were one 70-100 ms task).
import 'fake-indexeddb/auto';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ClientProvider } from '../../client/ClientProvider';
import { conversation, startHarness } from '../../testing/harness';
import { ConversationList } from './ConversationList';
import { nextRowsShown, ROWS_PER_SLICE, rowsForWindow } from './use-rows-shown';

describe('the conversation list on a start', () => {
  it('renders only the rows that fit the window first, newest first', async () => {
    const conversations = Array.from({ length: 200 }, (_, i) => conversation(`c${i}`, 1_000_000 - i * 1000, { title: `Group ${i}` }));
    const h = await startHarness({ conversations });
    await h.client.idle();
    expect(Object.keys(h.client.store.getState().conversationsByRef)).toHaveLength(200);
    // Server rendering shows the first render (its effects, the idle slices, never run).
    h.client.store.getInitialState = h.client.store.getState;
    const html = renderToStaticMarkup(
      <ClientProvider client={h.client}>
        <ConversationList />
      </ClientProvider>,
    );
    const rows = html.split('data-testid="conversation-item"').length - 1;
    expect(rows).toBe(rowsForWindow());
    expect(rows).toBeLessThan(200);
    expect(html).toContain('Group 0');
    expect(html).not.toContain('Group 199');
  });

  it('fills a tall window: enough rows for its height at the smallest row size', () => {
    expect(rowsForWindow(800)).toBeGreaterThanOrEqual(Math.ceil(800 / 48));
    expect(rowsForWindow(2000)).toBeGreaterThan(rowsForWindow(800));
  });

  it('then grows a slice per idle turn until every row is shown, and stays whole', () => {
    let limit = rowsForWindow(800);
    const limits = [];
    while (limit !== Infinity) {
      limits.push(limit);
      limit = nextRowsShown(limit, 200);
    }
    expect(limits[1]! - limits[0]!).toBe(ROWS_PER_SLICE);
    expect(limits[limits.length - 1]! + ROWS_PER_SLICE).toBeGreaterThanOrEqual(200);
    // A short list is whole after one idle turn.
    expect(nextRowsShown(rowsForWindow(800), 5)).toBe(Infinity);
  });
});
