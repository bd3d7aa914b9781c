/**
 * `npm start` plays the same demo every time: a second start (same ports, same state folder, as
 * a user who stops and starts again) gives the core ticket its tier and priority again, the
 * basic ticket its own, and the sidebar's audit trail only this run's rows.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDevVars } from '../sandbox/lib/dev-vars.ts';
import { freePort } from '../sandbox/lib/ports.ts';

const root = path.resolve(import.meta.dirname, '..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const stateDir = mkdtempSync(path.join(tmpdir(), 'tierwise-start-twice-'));
const running = new Set<ChildProcess>();

interface Ports {
  zendesk: number;
  worker: number;
  agentView: number;
}

interface DemoOutcome {
  core: { priority: string | null; tierwiseTags: string[] };
  basic: { priority: string | null; tierwiseTags: string[] };
  coreAudit: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts `npm start`'s script in its own process group and resolves once it says it is ready. */
function startSandbox(ports: Ports): Promise<ChildProcess> {
  const child = spawn(tsx, ['sandbox/start.ts'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, SANDBOX_ZENDESK_PORT: String(ports.zendesk), WORKER_PORT: String(ports.worker), AGENT_VIEW_PORT: String(ports.agentView), SANDBOX_STATE_DIR: stateDir, SANDBOX_PACE: 'demo', SANDBOX_HISTORY: '0' },
  });
  running.add(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d.toString();
      if (output.includes('Tierwise sandbox ready.')) resolve(child);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`npm start exited (${code}) before it was ready:\n${output}`)));
  });
}

/** Ctrl-C, as a user stops it: the script stops its children and exits. */
async function stopSandbox(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  process.kill(-child.pid!, 'SIGINT');
  const timeout = sleep(20_000).then(() => 'timeout');
  if ((await Promise.race([exited, timeout])) === 'timeout') process.kill(-child.pid!, 'SIGKILL');
  running.delete(child);
}

async function demoOutcome(ports: Ports): Promise<DemoOutcome> {
  const vars = loadDevVars(root);
  const auth = `Basic ${Buffer.from(`${vars.ZENDESK_EMAIL}/token:${vars.ZENDESK_API_TOKEN}`).toString('base64')}`;
  const ticket = async (id: number) => {
    const response = await fetch(`http://127.0.0.1:${ports.zendesk}/api/v2/tickets/${id}.json`, { headers: { Authorization: auth } });
    const { ticket: t } = (await response.json()) as { ticket: { priority: string | null; tags: string[] } };
    return { priority: t.priority, tierwiseTags: t.tags.filter((tag) => tag.startsWith('tierwise_')).sort() };
  };
  const audit = async () => {
    const response = await fetch(`http://127.0.0.1:${ports.worker}/api/tickets/1/audit`, { headers: { Authorization: `Bearer ${vars.TIERWISE_API_TOKEN}` } });
    const { audit: rows } = (await response.json()) as { audit: Array<{ step: string }> };
    return rows.map((r) => r.step);
  };
  // The tier lands within a second or two of the demo tickets being filed; give it ten.
  const deadline = Date.now() + 10_000;
  for (;;) {
    const outcome = { core: await ticket(1), basic: await ticket(2), coreAudit: await audit() };
    const settled = outcome.core.priority !== null && outcome.core.tierwiseTags.length > 0 && outcome.basic.tierwiseTags.length > 0 && outcome.coreAudit.length > 0;
    if (settled || Date.now() > deadline) return outcome;
    await sleep(250);
  }
}

afterAll(async () => {
  for (const child of running) await stopSandbox(child);
  rmSync(stateDir, { recursive: true, force: true });
});

describe('npm start, twice', () => {
  it('plays the same demo the second time: tiers, priorities and a fresh audit trail', async () => {
    const ports: Ports = { zendesk: await freePort(), worker: await freePort(), agentView: await freePort() };
    const outcomes: DemoOutcome[] = [];
    for (let run = 0; run < 2; run++) {
      const sandbox = await startSandbox(ports);
      try {
        outcomes.push(await demoOutcome(ports));
      } finally {
        await stopSandbox(sandbox);
      }
    }
    const [first, second] = outcomes;
    expect(first!.core).toEqual({ priority: 'urgent', tierwiseTags: ['tierwise_tier_core'] });
    expect(first!.basic).toEqual({ priority: 'low', tierwiseTags: ['tierwise_tier_basic'] });
    expect(first!.coreAudit).toContain('tier');
    expect(second).toEqual(first);
  }, 240_000);
});
