// ui.report: sent at start, on focus, blur and visibility changes and when another
// conversation opens; an unchanged state is not sent twice.
import { describe, expect, it } from 'vitest';
import { Tasks } from '../lib/tasks';
import { createParleyStore } from '../store';
import { createFakeParleyApi } from '../testing/fakeParleyApi';
import { browserPageSignals, UiReporter, type PageSignals } from './ui-reporter';

const ACCOUNT = 'netalo|http://127.0.0.1:7450|1';

function fakePage() {
  let changed: () => void = () => undefined;
  const state = { focused: true, visible: true };
  const page: PageSignals = {
    focused: () => state.focused,
    visible: () => state.visible,
    watch: (onChange) => {
      changed = onChange;
      return () => {
        changed = () => undefined;
      };
    },
  };
  return { page, state, change: () => changed() };
}

async function setup() {
  const fake = createFakeParleyApi();
  fake.handle('ui.report', () => ({ ok: true, value: null }));
  const store = createParleyStore(fake.api);
  const tasks = new Tasks((e) => {
    throw e;
  });
  const { page, state, change } = fakePage();
  const reporter = new UiReporter({ api: fake.api, store, tasks, page });
  reporter.start();
  await tasks.idle();
  return { fake, store, tasks, state, change, reporter };
}

describe('UiReporter', () => {
  it('reports at start, then each change of focus, visibility or open conversation, once each', async () => {
    const h = await setup();
    expect(h.fake.callsTo('ui.report')).toEqual([{ focused: true, visible: true, openConversation: null }]);

    h.state.focused = false;
    h.change();
    h.change(); // the same state again: not sent
    h.state.visible = false;
    h.change();
    h.store.setState({ openConversationRef: `${ACCOUNT}#100` });
    h.store.setState({ newConversationOpen: true }); // something else changed: nothing to say
    await h.tasks.idle();
    expect(h.fake.callsTo('ui.report').slice(1)).toEqual([
      { focused: false, visible: true, openConversation: null },
      { focused: false, visible: false, openConversation: null },
      { focused: false, visible: false, openConversation: { accountId: ACCOUNT, conversationId: '100' } },
    ]);
  });

  it('stops reporting once stopped', async () => {
    const h = await setup();
    h.reporter.stop();
    h.state.focused = false;
    h.change();
    h.store.setState({ openConversationRef: `${ACCOUNT}#100` });
    await h.tasks.idle();
    expect(h.fake.callsTo('ui.report')).toHaveLength(1);
  });

  it("the browser's signals: a blur counts until the next focus, visibility follows the document, a click re-checks", () => {
    let hasFocus = true;
    const win = new EventTarget() as EventTarget & { document: EventTarget & { hasFocus(): boolean; visibilityState: string } };
    win.document = Object.assign(new EventTarget(), { hasFocus: () => hasFocus, visibilityState: 'visible' });
    const signals = browserPageSignals(win as unknown as Window);
    let changes = 0;
    const stop = signals.watch(() => changes++);
    expect(signals.focused()).toBe(true);
    win.dispatchEvent(new Event('blur')); // hasFocus() may still say true inside the handler
    expect(signals.focused()).toBe(false);
    win.document.visibilityState = 'hidden';
    win.document.dispatchEvent(new Event('visibilitychange'));
    expect(signals.visible()).toBe(false);
    win.dispatchEvent(new Event('focus'));
    expect(signals.focused()).toBe(true);
    hasFocus = false;
    expect(signals.focused()).toBe(false);
    win.dispatchEvent(new Event('pointerdown'));
    expect(changes).toBe(4);
    stop();
    win.dispatchEvent(new Event('blur'));
    expect(changes).toBe(4);
  });
});
