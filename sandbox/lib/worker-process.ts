/**
 * Runs the real worker under `wrangler dev` (workerd, local D1 and Durable Objects), wired to a
 * Zendesk base URL. The process gets its own process group so stopping it stops workerd too.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './dev-vars.ts';
import { freePort, waitForHttp } from './ports.ts';

export interface WorkerOptions {
  port: number;
  /** Local state (D1, Durable Objects) lives here. */
  persistDir: string;
  /** Overrides for variables and secrets (e.g. ZENDESK_BASE_URL of a simulator on another port). */
  vars?: Record<string, string>;
  /** Print wrangler's output (npm start) or keep it for errors only (tests). */
  verbose?: boolean;
}

export interface RunningWorker {
  url: string;
  stop(): Promise<void>;
}

const wranglerBin = path.join(REPO_ROOT, 'node_modules', '.bin', 'wrangler');
const quietEnv = { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', NO_COLOR: '1' };

function run(args: string[], verbose: boolean): Promise<void> {
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
  await run(['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', options.persistDir], verbose);
  const varArgs = Object.entries(options.vars ?? {}).flatMap(([k, v]) => ['--var', `${k}:${v}`]);
  const args = ['dev', '--ip', '127.0.0.1', '--port', String(options.port), '--inspector-port', String(await freePort()), '--persist-to', options.persistDir, '--show-interactive-dev-session=false', ...varArgs];
  const child: ChildProcess = spawn(wranglerBin, args, { cwd: REPO_ROOT, env: quietEnv, detached: true, stdio: verbose ? ['ignore', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  child.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.pid === undefined) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, 5_000);
    await exited;
    clearTimeout(timer);
  };
  const url = `http://127.0.0.1:${options.port}`;
  try {
    await Promise.race([
      waitForHttp(`${url}/health`, 60_000),
      exited.then(() => {
        throw new Error(`wrangler dev exited early:\n${output}`);
      }),
    ]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}
