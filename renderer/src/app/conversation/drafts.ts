// A draft per conversation, kept while the user switches conversations and across restarts.
//
// Where: the renderer's localStorage, keyed by the conversation ref (account + conversation,
// so two accounts' conversations with the same server ID never share a draft). Why there:
// a draft is this device's unsent text, not data main or the server needs; localStorage is
// read synchronously, so a conversation opens with its draft already in the box (Dexie's
// asynchronous read would show an empty box first, and a keystroke in that moment would
// be lost or overwrite the draft); it survives restarts and crashes (each change is written
// at once), and it stays within the page's own origin (Electron's app://parley, or the
// browser host's own port). Sending clears it. Storage that is unavailable or full costs
// only the draft, never the typing: every access is best effort.

import { MAX_MESSAGE_LENGTH } from '../../contract';

export type DraftStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const PREFIX = 'parley.draft.v1:';
/** A box holding more than the server could ever take is kept, but not a runaway paste. */
const MAX_DRAFT_LENGTH = MAX_MESSAGE_LENGTH * 4;

export class Drafts {
  constructor(private readonly storage: DraftStorage | null) {}

  /** The saved draft of a conversation, or '' when there is none. */
  get(ref: string): string {
    try {
      return this.storage?.getItem(PREFIX + ref) ?? '';
    } catch {
      return '';
    }
  }

  /** Saves the box's text as typed; an empty (or blank) box forgets the draft. */
  set(ref: string, text: string): void {
    try {
      if (text.trim() === '' || text.length > MAX_DRAFT_LENGTH) this.storage?.removeItem(PREFIX + ref);
      else this.storage?.setItem(PREFIX + ref, text);
    } catch {
      // Full or unavailable: the draft is not kept, the text in the box stays.
    }
  }

  /** Sent: the draft is gone. */
  clear(ref: string): void {
    try {
      this.storage?.removeItem(PREFIX + ref);
    } catch {
      // nothing to do
    }
  }
}

function browserStorage(): DraftStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // access denied (a sandboxed page)
  }
}

/** The page's drafts. */
export const drafts = new Drafts(browserStorage());
