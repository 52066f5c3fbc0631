// React.lazy for a named export, with `preload()` to start fetching its chunk before it is
// rendered (e.g. when the page is idle, or a button is hovered). Both share one import, so
// the chunk is fetched once. For parts inside a screen (dialogs, the call layer), behind a
// Suspense boundary with a fallback that takes no room; the screens themselves use
// loadable.ts instead (see there why).
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

export type Preloadable<P> = LazyExoticComponent<ComponentType<P>> & { preload(): Promise<unknown> };

export function lazyNamed<P>(load: () => Promise<ComponentType<P>>): Preloadable<P> {
  let loading: Promise<{ default: ComponentType<P> }> | null = null;
  const preload = () => (loading ??= load().then((component) => ({ default: component })));
  return Object.assign(lazy(preload), { preload });
}
