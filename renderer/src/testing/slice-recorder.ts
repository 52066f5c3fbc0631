// Test helper: how a write's puts were spread over the page's synchronous runs.

/**
 * Records the puts placed in each synchronous run of the page (a slice): a run ends at the
 * next microtask checkpoint. In a browser each slice is placed from a request's answer, a task.
 */
export function sliceRecorder(store = 'rows'): { slices: number[]; restore: () => void } {
  const slices: number[] = [];
  let open = false;
  const put = IDBObjectStore.prototype.put;
  IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
    if (this.name === store) {
      if (!open) {
        open = true;
        slices.push(0);
        queueMicrotask(() => (open = false));
      }
      slices[slices.length - 1]!++;
    }
    return put.apply(this, args);
  };
  return { slices, restore: () => (IDBObjectStore.prototype.put = put) };
}
