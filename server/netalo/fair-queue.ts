// Round-robin over users, so that one client's flood cannot hold up everybody else.
//
// socket.io hands us every packet of a network read at once: a flooding client's read can
// hold hundreds of requests, each a synchronous SQLite commit (fsync). Run as they come,
// another client's request waits behind all of them. Instead each socket's requests wait
// in its own queue (a lane), a user's lanes form one group, and each turn of the event loop
// runs rounds of one request per group, then yields (setImmediate), letting new packets in.
// Within a group the lanes take turns: a user's request in one round comes from the socket
// after the one that went in the last. Per group, not per socket: a user may hold up to 20
// sockets (limits.connectionsPerUser), and with a share per socket one user flooding from 19
// of them took 19 requests of every round: another user's 300 pipelined requests took 4.5 s
// behind that flood, against 0.6 s behind the same flood from one socket (and now from 19).
// A turn ends when the lanes are empty, or after the round in which it reached
// `TURN_MAX_TASKS` requests or `TURN_MAX_MS`. The whole turn runs inside `runTurn`: the
// server runs it in one SQLite transaction (commit-group.ts), one fsync for the turn, not one
// per request. A request from a quiet client therefore runs in the first round of the next
// turn, behind at most one request of each busy user. Per socket the order is kept.
//
// A lane holds at most `maxPerOwner` requests; beyond that `enqueue` says no, and the
// caller refuses the request at once (cheaply) instead of letting memory grow.

/** One socket's requests waiting, in order. */
interface Lane {
  tasks: Array<() => void>;
  head: number;
}

/** One user's lanes, in the order they take turns: the first is next. */
type Group = Map<object, Lane>;

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
  private readonly groups = new Map<unknown, Group>();
  private scheduled = false;
  private closed = false;

  constructor(
    private readonly maxPerOwner: number,
    private readonly onError: (e: unknown) => void,
    /** Wraps each turn (the server: one shared transaction); by default runs it as it is. */
    private readonly runTurn: (work: () => void) => void = (work) => work(),
    private readonly turnLimits: { maxTasks: number; maxMs: number } = { maxTasks: TURN_MAX_TASKS, maxMs: TURN_MAX_MS },
  ) {}

  /**
   * Queues `task` behind `owner`'s others (a socket), in `group`'s share of the rounds (its
   * user; alone by default); false (and nothing queued) when that owner's lane is full.
   */
  enqueue(owner: object, task: () => void, group: unknown = owner): boolean {
    if (this.closed) return true; // shutting down: the request is dropped with its socket
    let lanes = this.groups.get(group);
    let lane = lanes?.get(owner);
    if ((lane ? lane.tasks.length - lane.head : 0) >= this.maxPerOwner) return false;
    if (!lanes) this.groups.set(group, (lanes = new Map()));
    if (!lane) lanes.set(owner, (lane = { tasks: [], head: 0 }));
    lane.tasks.push(task);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.turn());
    }
    return true;
  }

  /** One request of each group with requests waiting, from its next lane; returns how many ran. */
  private round(): number {
    let ran = 0;
    for (const [group, lanes] of [...this.groups]) {
      const [owner, lane] = lanes.entries().next().value as [object, Lane];
      const task = lane.tasks[lane.head++];
      lanes.delete(owner);
      if (lane.head < lane.tasks.length) {
        if (lane.head > 1024 && lane.head * 2 > lane.tasks.length) {
          // Drop the finished front now and then, so a long lane does not keep its past.
          lane.tasks = lane.tasks.slice(lane.head);
          lane.head = 0;
        }
        lanes.set(owner, lane); // to the back: the group's next request comes from its next lane
      }
      if (lanes.size === 0) this.groups.delete(group);
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
    this.groups.clear();
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
        } while (this.groups.size > 0 && ran < this.turnLimits.maxTasks && performance.now() - started < this.turnLimits.maxMs);
      });
    } catch (e) {
      this.onError(e);
    }
    if (this.closed) return;
    if (this.groups.size > 0 && !this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.turn());
    }
  }
}
