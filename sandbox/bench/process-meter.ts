/**
 * CPU time and disk writes of a process group, from Linux /proc: what the worker (wrangler and
 * its workerd processes) spends per event, measured from outside the runtime (workerd reports
 * no CPU time of its own locally). Also finds the worker's own entry port behind wrangler's
 * proxy, to measure the same requests without the proxy.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { groupPids } from '../lib/worker-process.ts';

function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** CPU time (user + system) of processes, in ms (clock ticks of 10 ms). Time blocked on the disk is not CPU time. */
export function cpuMs(pids: readonly number[]): number {
  return pids.reduce((sum, pid) => {
    const f = statFields(pid);
    return f ? sum + (Number(f[11]) + Number(f[12])) * 10 : sum;
  }, 0);
}

/**
 * The workerd that runs the worker (wrangler starts a second one for its proxy): the one with
 * the inspector, which wrangler attaches to the worker's runtime only.
 */
export function workerRuntimePids(pgid: number): number[] {
  const pids = groupPids(pgid).filter((pid) => {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      return cmdline.includes('workerd') && cmdline.includes('--inspector-addr');
    } catch {
      return false;
    }
  });
  return pids.length > 0 ? pids : groupPids(pgid);
}

/** Bytes the group's processes caused to be written to storage (/proc/<pid>/io write_bytes). */
export function groupWrittenBytes(pgid: number): number {
  return groupPids(pgid).reduce((sum, pid) => {
    try {
      return sum + Number(/^write_bytes: (\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))?.[1] ?? 0);
    } catch {
      return sum;
    }
  }, 0);
}

/**
 * Samples the CPU of the worker's workerd every `everyMs` against a counter of finished events:
 * `medianMs` is the median over the windows in which events finished of (CPU ms / events in the
 * window); `meanMs` over those windows, and `groupMeanMs` with wrangler and its proxy added. A
 * window whose CPU went down (a process of the runtime exited) is left out.
 */
export function cpuPerEventSampler(pgid: number, finished: () => number, everyMs = 1_000): { stop(): { medianMs: number; meanMs: number; groupMeanMs: number; windows: number } } {
  const runtime = workerRuntimePids(pgid);
  const windows: number[] = [];
  const total = { cpu: 0, done: 0 };
  let lastCpu = cpuMs(runtime);
  let lastDone = finished();
  const first = { group: cpuMs(groupPids(pgid)), done: lastDone };
  const timer = setInterval(() => {
    const cpu = cpuMs(runtime);
    const done = finished();
    if (done > lastDone && cpu >= lastCpu) {
      windows.push((cpu - lastCpu) / (done - lastDone));
      total.cpu += cpu - lastCpu;
      total.done += done - lastDone;
    }
    lastCpu = cpu;
    lastDone = done;
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      const sorted = [...windows].sort((a, b) => a - b);
      const done = Math.max(1, finished() - first.done);
      return {
        medianMs: sorted.length ? sorted[Math.floor(sorted.length / 2)]! : Number.NaN,
        meanMs: total.done > 0 ? total.cpu / total.done : Number.NaN,
        groupMeanMs: (cpuMs(groupPids(pgid)) - first.group) / done,
        windows: sorted.length,
      };
    },
  };
}

/** The local ports the group listens on (from /proc/net/tcp and each process's socket fds). */
function listeningPorts(pgid: number): number[] {
  const inodes = new Set<string>();
  for (const pid of groupPids(pgid)) {
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
        if (inode) inodes.add(inode);
      } catch {
        /* closed meanwhile */
      }
    }
  }
  const ports: number[] = [];
  for (const line of readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f[3] === '0A' && f[9] !== undefined && inodes.has(f[9])) ports.push(parseInt(f[1]!.split(':')[1]!, 16));
  }
  return ports;
}

/** The worker's own entry (workerd, behind wrangler's proxy): the other port that answers GET /health as Tierwise. */
export async function directWorkerUrl(pgid: number, proxyPort: number): Promise<string | null> {
  for (const port of listeningPorts(pgid)) {
    if (port === proxyPort) continue;
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok && ((await response.json()) as { service?: string }).service === 'tierwise') return `http://127.0.0.1:${port}`;
    } catch {
      /* not an HTTP entry */
    }
  }
  return null;
}
