// The list before its server's first page: a first start in a new profile (or a slow
// server) has an empty cache, and the chat screen is up before the page arrives. The list
// then says it is loading, never "no conversations" (a fresh CI run caught the empty state
// replacing the rows painted before React, then the rows coming back).
import 'fake-indexeddb/auto';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ClientProvider } from '../../client/ClientProvider';
import { selectListPending } from '../../store/selectors';
import { ALICE, conversation, startHarness } from '../../testing/harness';
import { ConversationList } from './ConversationList';

async function listHtml(h: Awaited<ReturnType<typeof startHarness>>): Promise<string> {
  // Server rendering shows the first render of the store as it is now.
  h.client.store.getInitialState = h.client.store.getState;
  return renderToStaticMarkup(
    <ClientProvider client={h.client}>
      <ConversationList />
    </ClientProvider>,
  );
}

describe('the conversation list before its first page', () => {
  it('says it is loading while an online account has not synced this run, and empty only once it has', async () => {
    const h = await startHarness();
    expect(h.client.store.getState().syncedThisRun[ALICE.id]).toBe(true);
    expect(selectListPending(h.client.store.getState())).toBe(false);
    expect(await listHtml(h)).toContain('class="empty-state"');

    // The same account, its first page not answered yet.
    h.client.store.setState({ syncedThisRun: {} });
    expect(selectListPending(h.client.store.getState())).toBe(true);
    const pending = await listHtml(h);
    expect(pending).toContain('data-testid="conversation-list-pending"');
    expect(pending).not.toContain('class="empty-state"');
  });

  it('shows the cached rows meanwhile: only an empty list waits', async () => {
    const h = await startHarness({ conversations: [conversation('c1', 1_000_000, { title: 'Cached group' })] });
    h.client.store.setState({ syncedThisRun: {} });
    const html = await listHtml(h);
    expect(html).toContain('Cached group');
    expect(html).not.toContain('conversation-list-pending');
  });

  it('does not wait for an account that is offline: its cache is all there is', async () => {
    const h = await startHarness({ connection: 'offline' });
    expect(selectListPending(h.client.store.getState())).toBe(false);
    expect(await listHtml(h)).toContain('class="empty-state"');
  });

  it('with an account filter, waits only for that account', async () => {
    const h = await startHarness();
    h.client.store.setState({ syncedThisRun: {}, accountFilter: 'someone-else' });
    expect(selectListPending(h.client.store.getState())).toBe(false);
    h.client.store.setState({ accountFilter: ALICE.id });
    expect(selectListPending(h.client.store.getState())).toBe(true);
  });
});
