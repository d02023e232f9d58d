import { readFileSync } from 'node:fs';

/**
 * CPU time (user + system, in ms) a process has used so far, read from `/proc/<pid>/stat`
 * (Linux); undefined where there is no such file (another OS, a process that has ended).
 * The booking bench reads it for the server, DynamoDB Local and the guests' process: with
 * everything on one machine, a burst cannot end before their CPU, shared by the cores, is spent.
 */

/** Linux reports times in clock ticks of USER_HZ, which is 100 on every architecture Node runs on. */
const TICKS_PER_SECOND = 100;

export function processCpuMs(pid: number): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may hold spaces: fields are counted after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the name: state is field 3, so utime (14) and stime (15) are at 11 and 12 here.
  const ticks = Number(fields[11]) + Number(fields[12]);
  return Number.isFinite(ticks) ? (ticks * 1000) / TICKS_PER_SECOND : undefined;
}

/** CPU spent by each named process from this call until the returned function is called (undefined where unknown). */
export function cpuSpent(pids: Record<string, number | undefined>): () => Record<string, number | undefined> {
  const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, pid === undefined ? undefined : processCpuMs(pid)]));
  return () =>
    Object.fromEntries(
      Object.entries(pids).map(([name, pid]) => {
        const then = before[name];
        const now = pid === undefined ? undefined : processCpuMs(pid);
        return [name, then === undefined || now === undefined ? undefined : now - then];
      }),
    );
}
