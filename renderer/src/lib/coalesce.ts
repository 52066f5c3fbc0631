/**
 * Wraps a task so that at most one run is in flight. A call made while it runs does not
 * start a second run in parallel; it asks for one more run afterwards (work may have
 * arrived after the running task last looked) and gets the promise that covers it.
 */
export function coalesce(task: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  let again = false;
  return () => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await task();
        } while (again);
      } finally {
        running = null;
      }
    })();
    return running;
  };
}
