import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { sliceRecorder } from '../testing/slice-recorder';
import { PUT_BUDGET_MS, putPaced } from './paced-puts';

interface Row {
  id?: number;
  text: string;
}

let opened = 0;
/** A fresh database with one store keyed by `id`. */
function openStore(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(`paced-${++opened}-${Date.now()}`, 1);
    request.onupgradeneeded = () => request.result.createObjectStore('rows', { keyPath: 'id' });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function count(db: IDBDatabase): Promise<number> {
  return new Promise((resolve) => {
    const request = db.transaction('rows').objectStore('rows').count();
    request.onsuccess = () => resolve(request.result);
  });
}

describe('putPaced', () => {
  it('places a time budget of puts per task, each slice from the answer to the previous one, and writes every row in one transaction', async () => {
    const db = await openStore();
    const rows: Row[] = Array.from({ length: 100 }, (_, i) => ({ id: i, text: `row ${i}` }));
    const recorder = sliceRecorder();
    // A clock that runs 2 ms per reading: PUT_BUDGET_MS / 2 puts fit in a slice's budget.
    let clock = 0;
    let issued = -1;
    let placed: number;
    const tx = db.transaction('rows', 'readwrite');
    const done = new Promise<void>((resolve) => (tx.oncomplete = () => resolve()));
    try {
      await putPaced(tx.objectStore('rows'), rows, () => (issued = recorder.slices.reduce((a, b) => a + b, 0)), () => (clock += 2));
      placed = recorder.slices.reduce((a, b) => a + b, 0);
    } finally {
      recorder.restore();
    }
    await done;
    expect(recorder.slices).toEqual(Array(100 / (PUT_BUDGET_MS / 2)).fill(PUT_BUDGET_MS / 2));
    expect(placed).toBe(100);
    expect(issued).toBe(100);
    expect(await count(db)).toBe(100);
  });

  it('places at least one put per task on a page too busy for any (the write always moves on)', async () => {
    const db = await openStore();
    let clock = 0;
    const tx = db.transaction('rows', 'readwrite');
    await putPaced(tx.objectStore('rows'), [{ id: 1, text: 'a' }, { id: 2, text: 'b' }, { id: 3, text: 'c' }], undefined, () => (clock += 1000));
    expect(await count(db)).toBe(3);
  });

  it('a row the store refuses fails the whole write: a clear error, the transaction aborted, nothing half-written', async () => {
    const db = await openStore();
    const rows: Row[] = Array.from({ length: 40 }, (_, i) => ({ id: i, text: `row ${i}` }));
    rows[25] = { text: 'no key' };
    let clock = 0;
    const tx = db.transaction('rows', 'readwrite');
    const aborted = new Promise<void>((resolve) => (tx.onabort = () => resolve()));
    await expect(putPaced(tx.objectStore('rows'), rows, undefined, () => (clock += 1))).rejects.toMatchObject({ name: 'DataError' });
    await aborted;
    expect(await count(db)).toBe(0);
  });

  it('with no rows, says at once that the last put is placed', async () => {
    const db = await openStore();
    let issued = false;
    await putPaced(db.transaction('rows', 'readwrite').objectStore('rows'), [], () => (issued = true));
    expect(issued).toBe(true);
  });
});
