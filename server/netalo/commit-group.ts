// Group commit: the requests of one FairQueue turn share ONE SQLite transaction, so a burst
// costs one fsync (synchronous=FULL, db.ts) per turn instead of one per request.
//
// Each request still runs its own `transaction(...)` inside it (better-sqlite3 nests them as
// savepoints): a request that fails rolls back its own writes only. What a request tells
// anyone (its ack, its pushes) waits until the shared transaction has committed, so an ack
// still means "stored", as before; if the commit itself fails, nothing of the turn was
// stored and every request of it is answered as failed (`committed` false).

import { transactionRunner, type Db } from '../db';

export type AfterCommit = (task: (committed: boolean) => void) => void;

export class CommitGroup {
  /** The open group's tasks, in the order their requests ran; null when none is open. */
  private pending: Array<(committed: boolean) => void> | null = null;
  private readonly inTransaction: <T>(work: () => T) => T;

  constructor(
    db: Pick<Db, 'transaction'>,
    /**
     * Around the tasks that run after the commit (acks and pushes): the pusher holds what the
     * turn pushes to batching sockets and sends each of them one batch at the end (push.ts).
     */
    private readonly answers: { before(): void; after(): void } = { before: () => {}, after: () => {} },
  ) {
    this.inTransaction = transactionRunner(db);
  }

  /** Runs `work` in one transaction, then every task queued by `afterCommit` meanwhile. */
  run(work: () => void): void {
    if (this.pending) return work(); // already inside a group: it commits with that one
    const pending: Array<(committed: boolean) => void> = (this.pending = []);
    let committed = false;
    try {
      this.inTransaction(work);
      committed = true;
    } finally {
      this.pending = null;
      this.answers.before();
      try {
        for (const task of pending) task(committed);
      } finally {
        this.answers.after();
      }
    }
  }

  /** Inside `run`: after its commit. Outside one (nothing to wait for): now. */
  readonly afterCommit: AfterCommit = (task) => {
    if (this.pending) this.pending.push(task);
    else task(true);
  };
}
