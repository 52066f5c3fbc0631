// At most `concurrency` password hashes (scrypt: ~32 MiB and ~0.1 s each) at once, the
// rest waiting in a queue of at most `queue`; beyond that a request is refused (HTTP 503)
// instead of piling up. scrypt runs on libuv's thread pool, which file system work and
// DNS share: a flood of sign-ins must not take every thread, nor every megabyte.
// One account has at most PER_ACCOUNT checks running or waiting: sign-ins with the right
// password are never throttled, and 80 connections signing in as one user in a loop kept
// the gate full, so that everyone else's sign-ins, on every front, were refused as busy.

/** Password checks of one account (running or waiting) at once; beyond, refused as busy. */
export const PER_ACCOUNT = 2;

export class HashGateBusyError extends Error {
  constructor() {
    super('too many password checks waiting');
    this.name = 'HashGateBusyError';
  }
}

export class HashGate {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  /** Checks under way (running or waiting) per account key. */
  private readonly perAccount = new Map<string, number>();

  constructor(private readonly limits: { concurrency: number; queue: number }) {}

  /**
   * Runs `work` when a slot is free; throws HashGateBusyError at once when the queue is full,
   * or when `account` (a sign-in's username, folded) already has PER_ACCOUNT checks under way.
   */
  async run<T>(work: () => Promise<T>, account?: string): Promise<T> {
    const mine = account === undefined ? 0 : (this.perAccount.get(account) ?? 0);
    if (mine >= PER_ACCOUNT) throw new HashGateBusyError();
    if (this.running >= this.limits.concurrency && this.waiting.length >= this.limits.queue) throw new HashGateBusyError();
    if (account !== undefined) this.perAccount.set(account, mine + 1);
    try {
      if (this.running >= this.limits.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
      else this.running += 1;
      try {
        return await work();
      } finally {
        // Hand the slot straight to the next in line (running stays the same), or free it.
        const next = this.waiting.shift();
        if (next) next();
        else this.running -= 1;
      }
    } finally {
      if (account !== undefined) {
        const left = (this.perAccount.get(account) ?? 1) - 1;
        if (left > 0) this.perAccount.set(account, left);
        else this.perAccount.delete(account);
      }
    }
  }
}
