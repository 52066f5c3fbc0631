// Waiting for something that usually answers fast, but not for ever: the first start's
// client code waits for the host's first answers (main.tsx), and a host that never answers
// must not keep the app from starting.

/** Resolves once `promise` settles (fulfilled or rejected), or after `ms`, whichever comes first. */
export function settledOrAfter(promise: Promise<unknown>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    promise.then(done, done);
  });
}
