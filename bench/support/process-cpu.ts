// CPU time of every process on the machine over a stretch of a bench, by what the process is
// (the reference server, the browser host, each kind of Chromium process, the bench itself),
// from Linux's /proc: where a figure is bound by the machine's two cores rather than by one
// process, this says who used them. Read at the stretch's two ends only (no sampler running
// meanwhile); elsewhere than Linux it reports nothing. B4 records it for the subject and the
// baseline of each measured run.
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat's times (USER_HZ: 100 on Linux's usual builds). */
const TICKS_PER_SECOND = 100;

interface Sample {
  /** pid → [what the process is, CPU ticks used so far]. */
  processes: Map<string, [string, number]>;
}

/** What a process is, from its command line; the bench's own process is "bench (Bob's client)". */
function kindOf(pid: string, commandLine: string): string {
  if (pid === String(process.pid)) return "bench (Bob's client)";
  if (commandLine.includes('dist/server/')) return 'reference server';
  if (commandLine.includes('dist/webhost/')) return 'browser host';
  if (/chrom(e|ium)/.test(commandLine.split(' ')[0] ?? '')) {
    const type = /--type=(\S+)/.exec(commandLine)?.[1];
    return `Chromium ${type ?? 'browser'}${type === 'utility' ? ` (${/--utility-sub-type=(\S+)/.exec(commandLine)?.[1] ?? '?'})` : ''}`;
  }
  return commandLine.includes('playwright') ? 'Playwright' : 'other';
}

/** Every process's CPU ticks now; null where /proc is not there. */
export function sampleCpu(): Sample | null {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return null;
  }
  const processes = new Map<string, [string, number]>();
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces), from the state on: utime is the 12th, stime the 13th.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]);
      const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      processes.set(pid, [kindOf(pid, commandLine), ticks]);
    } catch {
      // The process ended while being read.
    }
  }
  return { processes };
}

/** CPU ms each kind of process used between two samples, largest first (processes in both samples). */
export function cpuBetween(before: Sample | null, after: Sample | null): Record<string, number> {
  if (!before || !after) return {};
  const byKind = new Map<string, number>();
  for (const [pid, [kind, ticks]] of after.processes) {
    const earlier = before.processes.get(pid);
    if (!earlier || ticks <= earlier[1]) continue;
    byKind.set(kind, (byKind.get(kind) ?? 0) + ((ticks - earlier[1]) * 1000) / TICKS_PER_SECOND);
  }
  return Object.fromEntries([...byKind].sort((a, b) => b[1] - a[1]));
}
