// The conversation list painted before React is there (sidebar/early-rows.ts), and its
// handover: the empty shell React renders first (AppShell.tsx) keeps the painted rows in its
// sidebar, then the chat screen replaces them with its own. A row clicked meanwhile becomes
// the conversation the chat screen reopens (use-reopen-conversation.ts), so the click is not
// lost. No imports: the entry's early code and the shell share this without React.

/** use-reopen-conversation.ts OPEN_CONVERSATION_KEY (not imported: that module brings React; a test checks they agree). */
export const REOPEN_KEY = 'parley.openConversation.v1';

export const earlyList: { node: HTMLElement | null; closed: boolean } = { node: null, closed: false };

/** A screen has replaced the shell: the painted rows are done with, and none are painted after. */
export function closeEarlyList(): void {
  earlyList.node = null;
  earlyList.closed = true;
}

/** Told to a chat screen already up (its list still waiting for its first page): a painted row was clicked. */
export const EARLY_CHOICE_EVENT = 'parley:early-choice';

/**
 * A painted row was clicked: the chat screen opens its conversation as soon as it is up, and
 * as soon as its list has it. Before the chat screen is up the choice is read from storage;
 * once it is up (the rows adopted while its list waits), it hears the event.
 */
export function chooseEarly(ref: string, storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage, target: Pick<EventTarget, 'dispatchEvent'> | undefined = globalThis.window): void {
  try {
    storage?.setItem(REOPEN_KEY, ref);
  } catch {
    // Storage refused: a click before the chat screen is up is lost, as any click before the client runs was.
  }
  target?.dispatchEvent(new CustomEvent<string>(EARLY_CHOICE_EVENT, { detail: ref }));
}

/**
 * The chat screen's list while its first rows are on their way (ConversationList.tsx): the
 * painted rows stay on screen, at the list's own place, so they do not flash away to a
 * "loading" line and back. React keeps no children of its own beside them but that line,
 * which the stylesheet hides while they are there.
 */
export function adoptEarlyListInPlace(container: HTMLElement | null): void {
  const node = earlyList.node;
  if (!container || !node || node.parentElement === container) return;
  node.style.paddingTop = '0';
  container.append(node);
}

/** AppShell's sidebar: the painted list goes in (React keeps no children of its own there). */
export function adoptEarlyList(sidebar: HTMLElement | null): void {
  const node = earlyList.node;
  if (sidebar && node && node.parentElement !== sidebar) sidebar.append(node);
}
