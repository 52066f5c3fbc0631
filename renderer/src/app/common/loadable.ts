// A module loaded on demand (a screen's chunk), started at most once, whose value is kept
// once it has arrived. Free of React so that main.tsx can start loading a screen before
// React itself has loaded; `useLoadable` (use-loadable.ts) renders it.
//
// Why not React.lazy + Suspense for the screens: a Suspense boundary that has shown its
// fallback reveals its content at the earliest 300 ms later (React 19 throttles reveals),
// which put 300 ms into every cold start. A screen shown from `loaded`, and the empty shell
// until then, appears as soon as its chunk is there.
export interface Loadable<T> {
  /** The value once loaded, else null. */
  readonly loaded: T | null;
  /** Starts loading (once); resolves with the value. */
  load(): Promise<T>;
}

export function loadable<T>(importer: () => Promise<T>): Loadable<T> {
  let loading: Promise<T> | null = null;
  const self = {
    loaded: null as T | null,
    load(): Promise<T> {
      loading ??= importer().then((value) => (self.loaded = value));
      return loading;
    },
  };
  return self;
}
