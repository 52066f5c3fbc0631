// At most `concurrency` password hashes (scrypt: ~32 MiB and ~0.1 s each) at once, the
// rest waiting in a queue of at most `queue`; beyond that a request is refused (HTTP 503)
// instead of piling up. scrypt runs on libuv's thread pool, which file system work and
// DNS share: a flood of sign-ins must not take every thread, nor every megabyte.

export class HashGateBusyError extends Error {
  constructor() {
    super('too many password checks waiting');
    this.name = 'HashGateBusyError';
  }
}

export class HashGate {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limits: { concurrency: number; queue: number }) {}

  /** Runs `work` when a slot is free; throws HashGateBusyError at once when the queue is full. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.limits.concurrency) {
      if (this.waiting.length >= this.limits.queue) throw new HashGateBusyError();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running += 1;
    }
    try {
      return await work();
    } finally {
      // Hand the slot straight to the next in line (running stays the same), or free it.
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }
}
