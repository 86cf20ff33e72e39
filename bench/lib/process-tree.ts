/**
 * CPU time and resident memory of a process together with its descendants (the server and its libvips
 * decode processes), read from /proc. Linux only; the benchmarks that use it say so when /proc is absent.
 */
import { readFile } from 'node:fs/promises';

/** Clock ticks per second of /proc/<pid>/stat times; 100 on every mainstream Linux build. */
const CLOCK_TICKS = 100;

async function children(pid: number): Promise<number[]> {
  const tasks = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '');
  return tasks.split(/\s+/).filter((s) => s !== '').map(Number);
}

/** The process and every live descendant. */
export async function processTree(pid: number): Promise<number[]> {
  const all = [pid];
  for (let i = 0; i < all.length; i++) all.push(...(await children(all[i]!)));
  return all;
}

/** user + system CPU seconds of every thread; for the root also of its descendants already exited and reaped. */
async function cpuOf(pid: number, withReaped: boolean): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  // Fields after the command name (which may hold spaces) start at field 3; utime is field 14.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
  const [utime = 0, stime = 0, cutime = 0, cstime = 0] = fields.slice(11, 15);
  return (utime + stime + (withReaped ? cutime + cstime : 0)) / CLOCK_TICKS;
}

/** CPU seconds used so far by `pid`, its worker threads and its child processes (live or reaped). */
export async function treeCpuSeconds(pid: number): Promise<number> {
  const pids = await processTree(pid);
  const parts = await Promise.all(pids.map((p, i) => cpuOf(p, i === 0)));
  return parts.reduce((a, b) => a + b, 0);
}

/** Sum of VmRSS over `pid` and its descendants, bytes (pages shared between them are counted in each). */
export async function treeRssBytes(pid: number): Promise<number> {
  const pids = await processTree(pid);
  const sizes = await Promise.all(
    pids.map(async (p) => {
      const status = await readFile(`/proc/${p}/status`, 'utf8').catch(() => '');
      return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
    }),
  );
  return sizes.reduce((a, b) => a + b, 0);
}
