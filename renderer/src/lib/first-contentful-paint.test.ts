import { describe, expect, it } from 'vitest';
import { firstContentfulPaint } from './first-contentful-paint';

type Entries = { getEntriesByName: (name: string) => unknown[] };

/** A window whose paint entries the test reports, as the browser's PerformanceObserver would. */
function fakeWindow(options: { painted?: boolean; supported?: boolean } = {}) {
  const observers: Array<{ callback: (list: Entries) => void; connected: boolean }> = [];
  class FakeObserver {
    static supportedEntryTypes = options.supported === false ? ['mark'] : ['paint', 'mark'];
    private readonly entry: { callback: (list: Entries) => void; connected: boolean };
    constructor(callback: (list: Entries) => void) {
      this.entry = { callback, connected: false };
      observers.push(this.entry);
    }
    observe() {
      this.entry.connected = true;
    }
    disconnect() {
      this.entry.connected = false;
    }
  }
  const win = {
    performance: { getEntriesByName: (name: string) => (options.painted && name === 'first-contentful-paint' ? [{ name }] : []) },
    PerformanceObserver: FakeObserver as unknown as typeof PerformanceObserver,
  };
  const report = (names: string[]) => {
    for (const o of observers) if (o.connected) o.callback({ getEntriesByName: (name) => names.filter((n) => n === name) });
  };
  return { win: win as unknown as Window, report, observers };
}

const settled = async (promise: Promise<void>) => {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((r) => setTimeout(r, 0));
  return done;
};

describe('firstContentfulPaint', () => {
  it('waits for the first contentful paint, not for a first paint without content', async () => {
    const { win, report, observers } = fakeWindow();
    const painted = firstContentfulPaint(win);
    expect(await settled(painted)).toBe(false);
    report(['first-paint']);
    expect(await settled(painted)).toBe(false);
    report(['first-contentful-paint']);
    expect(await settled(painted)).toBe(true);
    expect(observers.every((o) => !o.connected)).toBe(true);
  });

  it('is there at once when the page has painted already, or the browser reports no paints', async () => {
    expect(await settled(firstContentfulPaint(fakeWindow({ painted: true }).win))).toBe(true);
    expect(await settled(firstContentfulPaint(fakeWindow({ supported: false }).win))).toBe(true);
  });
});
