// One transaction wrapper per database (db.ts transactionRunner): built once, not per request,
// with better-sqlite3's semantics kept: a run commits, a run inside a run is a savepoint that
// rolls back alone, and a failure rolls its own writes back.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { transactionRunner } from '../db';

function setup() {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE notes (text TEXT NOT NULL)');
  let built = 0;
  const counting = {
    transaction: (fn: (...args: unknown[]) => unknown) => {
      built++;
      return db.transaction(fn);
    },
  } as unknown as Pick<Database.Database, 'transaction'>;
  const run = transactionRunner(counting);
  const add = (text: string) => db.prepare('INSERT INTO notes (text) VALUES (?)').run(text);
  const notes = () => (db.prepare('SELECT text FROM notes ORDER BY rowid').all() as Array<{ text: string }>).map((r) => r.text);
  return { db, run, add, notes, built: () => built };
}

describe('transactionRunner', () => {
  it('builds the wrapper once, however many transactions run through it', () => {
    const { run, add, notes, built } = setup();
    for (let i = 0; i < 100; i++) run(() => add(`n${i}`));
    expect(built()).toBe(1);
    expect(notes()).toHaveLength(100);
  });

  it('returns what the work returns, and commits it', () => {
    const { db, run, add, notes } = setup();
    expect(run(() => add('kept').changes)).toBe(1);
    expect(db.inTransaction).toBe(false);
    expect(notes()).toEqual(['kept']);
  });

  it('rolls a failed run back whole, and throws its error', () => {
    const { run, add, notes } = setup();
    expect(() =>
      run(() => {
        add('lost');
        throw new Error('refused');
      }),
    ).toThrow('refused');
    expect(notes()).toEqual([]);
  });

  it('a run inside a run is a savepoint: its failure rolls back its own writes only', () => {
    const { run, add, notes } = setup();
    run(() => {
      add('outer');
      expect(() =>
        run(() => {
          add('inner');
          throw new Error('refused');
        }),
      ).toThrow('refused');
      run(() => add('second inner'));
    });
    expect(notes()).toEqual(['outer', 'second inner']);
  });
});
