import { useEffect, useReducer } from 'react';
import type { Loadable } from './loadable';

/** `loadable.loaded`, loading it if needed and rendering again once it has arrived; null meanwhile. */
export function useLoadable<T>(loadable: Loadable<T> | null): T | null {
  const [, arrived] = useReducer((n: number) => n + 1, 0);
  const value = loadable?.loaded ?? null;
  useEffect(() => {
    // Keyed on what was rendered, not on `loaded` now: a chunk that arrived between this
    // render and this effect still needs the render that shows it.
    if (!loadable || value) return;
    let current = true;
    loadable.load().then(
      () => current && arrived(),
      (error: unknown) => console.error('[parley] a screen failed to load', error),
    );
    return () => {
      current = false;
    };
  }, [loadable, value]);
  return value;
}
