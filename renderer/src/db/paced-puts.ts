// Writing many rows without a long task. Placing a put is synchronous work on the page's main
// thread (the row is cloned and every index key computed, `words` too): about 0.2 ms a row
// on a quiet machine, 0.5 ms and more on a busy one. Chunks of a fixed size (100 rows, the
// writer's old way) were tasks of 50–90 ms while another page or process competed for the
// CPU (bench B5's long tasks). Here each task places puts only until its time budget is spent.
//
// IndexedDB lets a transaction take new requests only while one of its own answers is being
// handled. The next slice is therefore placed from the answer to the current slice's first
// put: the database still has the rest of the slice to write meanwhile, so it never sits idle
// waiting for the page, and the slice is placed in a task of its own.

/** Time a task spends placing puts before it lets the page paint and handle input. */
export const PUT_BUDGET_MS = 8;

/**
 * Puts `rows` into `store` (of a live transaction, called while it takes requests), a time
 * budget's worth per task. `lastIssued` runs as soon as the last put is placed (the writer
 * then asks for the commit). Resolves once every put is answered; rejects with the first
 * error, and then the transaction aborts, as a failed bulk write aborts it.
 */
export function putPaced<T>(
  store: IDBObjectStore,
  rows: readonly T[],
  lastIssued: () => void = () => undefined,
  now: () => number = () => performance.now(),
): Promise<void> {
  if (rows.length === 0) {
    lastIssued();
    return Promise.resolve();
  }
  return new Promise<void>((resolve, reject) => {
    let next = 0;
    let unanswered = 0;
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      reject(error);
    };
    const answered = () => {
      if (--unanswered === 0 && next === rows.length && !failed) resolve();
    };
    const placeSlice = () => {
      if (failed || next === rows.length) return;
      const started = now();
      let first = true;
      // At least one put per slice, however busy the page: every slice moves the write on.
      do {
        let request: IDBRequest;
        try {
          request = store.put(rows[next]);
        } catch (error) {
          // A row the store refuses (no key, not cloneable): the write fails whole, nothing half-done.
          try {
            store.transaction.abort();
          } catch {
            // Already aborted or finished.
          }
          fail(error);
          return;
        }
        next++;
        unanswered++;
        const placesNext = first && next < rows.length;
        first = false;
        request.onsuccess = placesNext
          ? () => {
              placeSlice();
              answered();
            }
          : answered;
        request.onerror = () => fail(request.error);
      } while (next < rows.length && now() - started < PUT_BUDGET_MS);
      // The slice's first put, answered, places the next slice (when there is more to place).
      if (next === rows.length) lastIssued();
    };
    placeSlice();
  });
}
