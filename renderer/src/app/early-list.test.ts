// The handover of the rows painted before React: the empty shell React renders first takes
// them into its sidebar, and a click on one becomes the conversation the chat screen opens.
import { describe, expect, it } from 'vitest';
import { adoptEarlyList, chooseEarly, closeEarlyList, EARLY_CHOICE_EVENT, earlyList, REOPEN_KEY } from './early-list';
import { OPEN_CONVERSATION_KEY } from './use-reopen-conversation';

describe('the early list', () => {
  it('keeps a click for the chat screen, which reopens what this key names', () => {
    expect(REOPEN_KEY).toBe(OPEN_CONVERSATION_KEY);
    const stored = new Map<string, string>();
    const told: Event[] = [];
    chooseEarly('acc#42', { setItem: (key, value) => stored.set(key, value) }, { dispatchEvent: (event) => told.push(event) > 0 });
    expect(stored.get(OPEN_CONVERSATION_KEY)).toBe('acc#42');
    // And a chat screen already up hears it.
    expect(told.map((e) => [e.type, (e as CustomEvent<string>).detail])).toEqual([[EARLY_CHOICE_EVENT, 'acc#42']]);
  });

  it('is moved into the sidebar React renders, once', () => {
    const appended: unknown[] = [];
    const sidebar = { append: (node: unknown) => appended.push(node) } as unknown as HTMLElement;
    const node = { parentElement: null } as unknown as HTMLElement;
    adoptEarlyList(sidebar);
    expect(appended).toEqual([]); // nothing painted yet
    earlyList.node = node;
    adoptEarlyList(sidebar);
    expect(appended).toEqual([node]);
    (node as { parentElement: unknown }).parentElement = sidebar;
    adoptEarlyList(sidebar);
    expect(appended).toHaveLength(1);
    // Once a screen has replaced the shell, a shell shown later gets nothing back.
    closeEarlyList();
    (node as { parentElement: unknown }).parentElement = null;
    adoptEarlyList(sidebar);
    expect(appended).toHaveLength(1);
    expect(earlyList.closed).toBe(true);
  });
});
