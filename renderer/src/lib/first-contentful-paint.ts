// Resolves once the page has had its first contentful paint (text or an image on screen), or
// at once where the browser does not report paints. A first start holds the app's code until
// then (main.tsx): fetched and compiled while the first paint is still to come, it competes
// with that paint (bench B10, first visit: the code's 130 KB arrived before a late first paint).

export function firstContentfulPaint(win: Pick<Window, 'performance'> & { PerformanceObserver?: typeof PerformanceObserver } = window): Promise<void> {
  const Observer = win.PerformanceObserver;
  if (win.performance?.getEntriesByName?.('first-contentful-paint').length > 0) return Promise.resolve();
  if (typeof Observer !== 'function' || !Observer.supportedEntryTypes?.includes('paint')) return Promise.resolve();
  return new Promise((resolve) => {
    const observer = new Observer((list) => {
      if (list.getEntriesByName('first-contentful-paint').length === 0) return;
      observer.disconnect();
      resolve();
    });
    observer.observe({ type: 'paint', buffered: true });
  });
}
