/**
 * Runs the real worker under `wrangler dev` (workerd, local D1 and Durable Objects), wired to a
 * Zendesk base URL. The process leads its own process group, so stopping it stops workerd too,
 * and a hard kill (for fault runs) takes the whole group down at once; restarting on the same
 * persist dir keeps D1 and Durable Object state.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SEED_INSTALLATION_ID } from '../zendesk/seed.ts';
import { REPO_ROOT } from './dev-vars.ts';
import { freePort, waitForHttp } from './ports.ts';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface WorkerOptions {
  port: number;
  /** D1 and Durable Object state; reuse it across restarts so the state survives. */
  persistDir: string;
  /** Overrides for variables and secrets (e.g. ZENDESK_BASE_URL of a simulator on another port). */
  vars?: Record<string, string>;
  /** Expose /__scheduled so a run can fire the cron sweep (wrangler dev does not run crons). */
  testScheduled?: boolean;
  verbose?: boolean;
  /** Append wrangler's whole output to this file. */
  logFile?: string;
  /** wrangler's own environment on top of ours (e.g. X_LOCAL_OBSERVABILITY=false: no local trace store). */
  wranglerEnv?: Record<string, string>;
}

export interface RunningWorker {
  url: string;
  /** The wrangler process; it leads the process group that holds workerd. */
  pid: number;
  /** SIGTERM the group (SIGKILL after 5 s). */
  stop(): Promise<void>;
  /** SIGKILL the whole group at once: no shutdown, no flush. */
  kill(): Promise<void>;
  /** The last output of wrangler (for errors). */
  output(): string;
}

const wranglerBin = path.join(REPO_ROOT, 'node_modules', '.bin', 'wrangler');
const quietEnv = { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', NO_COLOR: '1' };

/** Every live process still in a group started here; killed on exit as a last resort. */
const liveGroups = new Set<number>();
process.once('exit', () => {
  for (const pgid of liveGroups) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
});

function runOnce(args: string[], verbose: boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(wranglerBin, args, { cwd: REPO_ROOT, env: quietEnv, stdio: verbose ? 'inherit' : 'pipe' });
    let output = '';
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`wrangler ${args.join(' ')} failed (${code}):\n${output}`))));
  });
}

export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  const verbose = options.verbose ?? false;
  mkdirSync(options.persistDir, { recursive: true });
  await runOnce(['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', options.persistDir], verbose);
  // Every local worker talks to the simulator, whose seeded installation is always this one.
  const vars = { TIERWISE_INSTALLATION_ID: String(SEED_INSTALLATION_ID), ...options.vars };
  const varArgs = Object.entries(vars).flatMap(([k, v]) => ['--var', `${k}:${v}`]);
  const args = [
    'dev', '--ip', '127.0.0.1', '--port', String(options.port), '--inspector-port', String(await freePort()),
    '--persist-to', options.persistDir, '--show-interactive-dev-session=false', ...(options.testScheduled ? ['--test-scheduled'] : []), ...varArgs,
  ];
  const child: ChildProcess = spawn(wranglerBin, args, { cwd: REPO_ROOT, env: { ...quietEnv, ...options.wranglerEnv }, detached: true, stdio: verbose ? ['ignore', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error('wrangler dev did not start');
  const pid = child.pid;
  liveGroups.add(pid);
  let output = '';
  const file = options.logFile ? (mkdirSync(path.dirname(options.logFile), { recursive: true }), createWriteStream(options.logFile, { flags: 'a' })) : null;
  child.stdout?.on('data', (d: Buffer) => {
    output = (output + d.toString()).slice(-20_000);
    file?.write(d);
  });
  child.stderr?.on('data', (d: Buffer) => {
    output = (output + d.toString()).slice(-20_000);
    file?.write(d);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => file?.end());

  const signalGroup = (signal: NodeJS.Signals): boolean => {
    try {
      process.kill(-pid, signal);
      return true;
    } catch {
      return false;
    }
  };
  /** Wait until no process of the group is left (workerd may outlive wrangler by a moment). */
  const groupGone = async (timeoutMs: number): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (groupPids(pid).length > 0 && Date.now() < deadline) await sleep(50);
  };
  const stop = async (): Promise<void> => {
    if (groupPids(pid).length === 0) return void liveGroups.delete(pid);
    signalGroup('SIGTERM');
    const timer = setTimeout(() => signalGroup('SIGKILL'), 5_000);
    await Promise.race([exited, sleep(6_000)]);
    clearTimeout(timer);
    signalGroup('SIGKILL');
    await groupGone(5_000);
    liveGroups.delete(pid);
  };
  const kill = async (): Promise<void> => {
    signalGroup('SIGKILL');
    await Promise.race([exited, sleep(5_000)]);
    await groupGone(5_000);
    liveGroups.delete(pid);
  };
  const url = `http://127.0.0.1:${options.port}`;
  try {
    await Promise.race([
      waitForHttp(`${url}/health`, 90_000),
      exited.then(() => {
        throw new Error(`wrangler dev exited early:\n${output}`);
      }),
    ]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, pid, stop, kill, output: () => output };
}

/** Pids whose process group is `pgid` (Linux /proc). */
export function groupPids(pgid: number): number[] {
  const pids: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return pids;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid pgrp ...: comm may hold spaces, so split after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') pids.push(Number(entry));
    } catch {
      /* exited meanwhile */
    }
  }
  return pids;
}
