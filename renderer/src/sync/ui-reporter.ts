// Tells main what this window shows (`ui.report`): whether it is focused and visible, and
// which conversation is open. Main's notification policy uses it to stay quiet about the
// conversation the user is looking at and to speak up about everything else. Sent at start,
// on focus, blur and visibility changes, and when another conversation opens; an unchanged
// state is not sent again.

import { parseConversationRef, type ParleyApi } from '../contract';
import type { Tasks } from '../lib/tasks';
import type { ParleyStore } from '../store';

/** What the page can say about itself; the browser's window and document by default. */
export interface PageSignals {
  focused(): boolean;
  visible(): boolean;
  /** Calls back on every focus, blur and visibility change; returns how to stop. */
  watch(onChange: () => void): () => void;
}

export function browserPageSignals(win: Window): PageSignals {
  const doc = win.document;
  // document.hasFocus() is the truth, except inside a blur handler, where some browsers
  // still answer true: a blur counts until the next focus.
  let blurred = false;
  return {
    focused: () => !blurred && doc.hasFocus(),
    visible: () => doc.visibilityState === 'visible',
    watch(onChange) {
      const onFocus = () => {
        blurred = false;
        onChange();
      };
      const onBlur = () => {
        blurred = true;
        onChange();
      };
      win.addEventListener('focus', onFocus);
      win.addEventListener('blur', onBlur);
      doc.addEventListener('visibilitychange', onChange);
      // A click or key press means the page has focus, even where no focus event said so
      // (a page that had focus before its script ran); an unchanged report is not sent.
      win.addEventListener('pointerdown', onChange, true);
      win.addEventListener('keydown', onChange, true);
      return () => {
        win.removeEventListener('focus', onFocus);
        win.removeEventListener('blur', onBlur);
        doc.removeEventListener('visibilitychange', onChange);
        win.removeEventListener('pointerdown', onChange, true);
        win.removeEventListener('keydown', onChange, true);
      };
    },
  };
}

export interface UiReporterDeps {
  api: ParleyApi;
  store: ParleyStore;
  tasks: Tasks;
  page: PageSignals;
}

export class UiReporter {
  private stops: Array<() => void> = [];
  private last = '';

  constructor(private readonly deps: UiReporterDeps) {}

  start(): void {
    if (this.stops.length) return;
    const report = () => this.report();
    this.stops.push(this.deps.page.watch(report));
    let open = this.deps.store.getState().openConversationRef;
    this.stops.push(
      this.deps.store.subscribe((s) => {
        if (s.openConversationRef === open) return;
        open = s.openConversationRef;
        report();
      }),
    );
    report();
  }

  stop(): void {
    for (const stop of this.stops.splice(0)) stop();
    this.last = '';
  }

  private report(): void {
    const ref = this.deps.store.getState().openConversationRef;
    const args = {
      focused: this.deps.page.focused(),
      visible: this.deps.page.visible(),
      openConversation: ref ? parseConversationRef(ref) : null,
    };
    const key = JSON.stringify(args);
    if (key === this.last) return;
    this.last = key;
    this.deps.tasks.run(() => this.deps.api.ui.report(args));
  }
}
