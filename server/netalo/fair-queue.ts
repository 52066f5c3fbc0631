// Round-robin over sockets, so that one client's flood cannot hold up everybody else.
//
// socket.io hands us every packet of a network read at once: a flooding client's read can
// hold hundreds of requests, each a synchronous SQLite commit (fsync). Run as they come,
// another client's request waits behind all of them. Instead each socket's requests wait
// in its own queue, and each turn of the event loop runs rounds of one request per socket,
// then yields (setImmediate), letting new packets in. A turn ends when the queues are empty,
// or after the round in which it reached `TURN_MAX_TASKS` requests or `TURN_MAX_MS`. The
// whole turn runs inside `runTurn`: the server runs it in one SQLite transaction
// (commit-group.ts), one fsync for the turn, not one per request. A request from a quiet
// client therefore runs in the first round of the next turn, behind at most one request of
// each busy one. Per socket the order is kept.
//
// A queue holds at most `maxPerOwner` requests; beyond that `enqueue` says no, and the
// caller refuses the request at once (cheaply) instead of letting memory grow.

interface Queue {
  tasks: Array<() => void>;
  head: number;
}

/** At most this many requests share a turn (and its commit). */
export const TURN_MAX_TASKS = 256;
/**
 * A turn starts no new round after this long, so other work (pushes, reads) is not held up
 * for long. Not shorter: each turn ends in a commit whose fsyncs cost a few ms of wall time
 * whatever its size, and with 10 ms turns a one-client flood spent about 40 % of its time
 * committing (B4, bench/README.md); at 25 ms a quiet client behind a flood waits one turn more.
 */
export const TURN_MAX_MS = 25;

export class FairQueue {
  private readonly queues = new Map<object, Queue>();
  private scheduled = false;
  private closed = false;

  constructor(
    private readonly maxPerOwner: number,
    private readonly onError: (e: unknown) => void,
    /** Wraps each turn (the server: one shared transaction); by default runs it as it is. */
    private readonly runTurn: (work: () => void) => void = (work) => work(),
    private readonly turnLimits: { maxTasks: number; maxMs: number } = { maxTasks: TURN_MAX_TASKS, maxMs: TURN_MAX_MS },
  ) {}

  /** Queues `task` behind `owner`'s others; false (and nothing queued) when that queue is full. */
  enqueue(owner: object, task: () => void): boolean {
    if (this.closed) return true; // shutting down: the request is dropped with its socket
    let queue = this.queues.get(owner);
    if (!queue) this.queues.set(owner, (queue = { tasks: [], head: 0 }));
    if (queue.tasks.length - queue.head >= this.maxPerOwner) return false;
    queue.tasks.push(task);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.turn());
    }
    return true;
  }

  /** One request of each socket with requests waiting; returns how many ran. */
  private round(): number {
    let ran = 0;
    for (const [owner, queue] of [...this.queues]) {
      const task = queue.tasks[queue.head++];
      if (queue.head >= queue.tasks.length) this.queues.delete(owner);
      else if (queue.head > 1024 && queue.head * 2 > queue.tasks.length) {
        // Drop the finished front now and then, so a long queue does not keep its past.
        queue.tasks = queue.tasks.slice(queue.head);
        queue.head = 0;
      }
      ran++;
      try {
        task?.();
      } catch (e) {
        this.onError(e);
      }
      if (this.closed) break;
    }
    return ran;
  }

  /** Drops everything queued (the server is stopping). */
  close(): void {
    this.closed = true;
    this.queues.clear();
  }

  private turn(): void {
    this.scheduled = false;
    const started = performance.now();
    let ran = 0;
    try {
      this.runTurn(() => {
        do {
          ran += this.round();
          if (this.closed) return;
        } while (this.queues.size > 0 && ran < this.turnLimits.maxTasks && performance.now() - started < this.turnLimits.maxMs);
      });
    } catch (e) {
      this.onError(e);
    }
    if (this.closed) return;
    if (this.queues.size > 0 && !this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.turn());
    }
  }
}
