// CPU seconds spent by this process and by the PostgreSQL server, per phase of a bench. The server's figure is its
// postmaster's own time plus its children's (exited backends are reaped into cutime/cstime) plus the live children's,
// read from /proc (Linux only; null elsewhere or when the server is not on this machine).
import { readFileSync, readdirSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

/** utime+stime (+ reaped children's cutime+cstime when `withChildren`) of a pid, in seconds; null if unreadable. */
function procSeconds(pid: number, withChildren: boolean): { seconds: number; ppid: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the ") " that ends the command name: state is field 3, utime 14, stime 15, cutime 16, cstime 17.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const n = (i: number) => Number(fields[i - 3]);
    const ticks = n(14) + n(15) + (withChildren ? n(16) + n(17) : 0);
    return { seconds: ticks / TICKS_PER_SECOND, ppid: n(4) };
  } catch {
    return null;
  }
}

/** Everything the PostgreSQL server whose postmaster is `pid` has spent, so far. */
function serverSeconds(pid: number): number | null {
  const own = procSeconds(pid, true);
  if (!own) return null;
  let total = own.seconds;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const child = procSeconds(Number(entry), false);
    if (child && child.ppid === pid) total += child.seconds;
  }
  return total;
}

/** The postmaster pid of a cluster from its data directory's postmaster.pid (first line). */
export function postmasterPid(dataDir: string): number | null {
  try {
    return Number(readFileSync(`${dataDir}/postmaster.pid`, 'utf8').split('\n')[0]) || null;
  } catch {
    return null;
  }
}

export interface CpuMeter {
  /** CPU seconds since the previous call (or since the meter was made): this process, and the server if known. */
  lap(): { benchS: number; dbS: number | null };
  total(): { benchS: number; dbS: number | null };
}

export function cpuMeter(serverPid: number | null): CpuMeter {
  const now = () => {
    const usage = process.cpuUsage();
    return { bench: (usage.user + usage.system) / 1e6, db: serverPid ? serverSeconds(serverPid) : null };
  };
  const first = now();
  let last = first;
  const diff = (a: typeof first, b: typeof first) => ({
    benchS: Math.round((b.bench - a.bench) * 10) / 10,
    dbS: a.db !== null && b.db !== null ? Math.round((b.db - a.db) * 10) / 10 : null,
  });
  return {
    lap() {
      const current = now();
      const result = diff(last, current);
      last = current;
      return result;
    },
    total: () => diff(first, now()),
  };
}
