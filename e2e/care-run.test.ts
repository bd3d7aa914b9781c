/**
 * `npm run care:run` against real processes (the simulator and the worker under `wrangler dev`):
 * the first pass creates the seeded customers' due follow-ups as task tickets, the second finds
 * them all by external_id and creates none, and a wrong token is refused with its exit code.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../sandbox/lib/ports.ts';
import { startWorker, type RunningWorker } from '../sandbox/lib/worker-process.ts';
import { startZendeskSimulator, type RunningSimulator } from '../sandbox/zendesk/server.ts';
import { runCli } from './setup/helpers.ts';

const creds = { email: 'admin@tierwise.test', apiToken: 'e2e-care-token' };
const workerToken = 'e2e-care-worker-token';
let simulator: RunningSimulator;
let worker: RunningWorker;
let stateDir: string;
let workerUrl: string;

beforeAll(async () => {
  const workerPort = await freePort();
  workerUrl = `http://127.0.0.1:${workerPort}`;
  simulator = await startZendeskSimulator({ port: 0, ...creds, webhookSecret: 'e2e-care-secret', webhookTargetUrl: `${workerUrl}/webhooks/zendesk` });
  stateDir = mkdtempSync(path.join(tmpdir(), 'tierwise-care-'));
  worker = await startWorker({
    port: workerPort,
    persistDir: stateDir,
    vars: { ZENDESK_BASE_URL: simulator.url, ZENDESK_EMAIL: creds.email, ZENDESK_API_TOKEN: creds.apiToken, ZENDESK_WEBHOOK_SECRET: 'e2e-care-secret', TIERWISE_API_TOKEN: workerToken },
  });
});

afterAll(async () => {
  await worker?.stop();
  await simulator?.close();
  if (stateDir) rmSync(stateDir, { recursive: true, force: true });
});

const careRun = (token = workerToken) => runCli('scripts/care/run.ts', ['--worker', workerUrl], { TIERWISE_API_TOKEN: token });

describe('npm run care:run', () => {
  it('creates the due follow-ups once: a second run creates none', async () => {
    const first = await careRun();
    expect(first.code).toBe(0);
    const created = first.stdout.split('\n').filter((line) => line.trim().startsWith('created'));
    expect(created.length).toBeGreaterThanOrEqual(6);
    expect(first.stdout).toMatch(/tierwise-care:o\d+:winback:/);
    expect(first.stdout).toMatch(/tierwise-care:o\d+:cadence:first/);

    const second = await careRun();
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(', 0 tasks created, ');
    expect(second.stdout.split('\n').filter((line) => line.includes('(already created)'))).toHaveLength(created.length);

    const { tickets } = (await (await fetch(`${simulator.url}/api/v2/tickets.json?per_page=100`, { headers: { Authorization: `Basic ${Buffer.from(`${creds.email}/token:${creds.apiToken}`).toString('base64')}` } })).json()) as { tickets: Array<{ type: string; external_id: string | null }> };
    const tasks = tickets.filter((t) => t.type === 'task');
    expect(tasks).toHaveLength(created.length);
    expect(new Set(tasks.map((t) => t.external_id)).size).toBe(created.length);
  });

  it('a wrong token is refused: exit 3, nothing created', async () => {
    const refused = await careRun('not-the-token');
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('refused the API token');
  });
});
