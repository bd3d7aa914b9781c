/**
 * npm run zendesk:backfill against the simulator, delivering to a local receiver that checks
 * signatures with the worker's own checkSignature: every open ticket exactly once across an
 * interruption, within the request budgets, and 429s honoured.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startZendeskSimulator, type RunningSimulator } from '../../sandbox/zendesk/server.ts';
import { runBackfill } from '../../scripts/zendesk/backfill.ts';
import { ADMIN, api, captureIo, requestLog, setFaults, startCli, startReceiver, zendeskEnv, type Delivery } from './helpers.ts';

const SECRET = 'backfill-test-secret';
const BEFORE = '2026-06-01T00:00:00Z';
const STATUSES = ['new', 'open', 'pending', 'hold', 'solved', 'closed'] as const;

type CheckSignature = (check: { signature: string | null; timestamp: string | null; body: Uint8Array; secret: string; now: number; maxAgeMs: number }) => Promise<string | null>;

let sim: RunningSimulator;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let dir: string;

beforeEach(async () => {
  sim = await startZendeskSimulator({ port: 0, seed: false, email: ADMIN.email, apiToken: ADMIN.apiToken, rateLimitPerMinute: 0 });
  // The worker's own verifier (loaded at run time: it is compiled for workerd, not for this tsconfig).
  const { checkSignature } = (await import(`../../worker/src/webhook/${'signature.ts'}`)) as { checkSignature: CheckSignature };
  receiver = await startReceiver(async (signature, timestamp, body) =>
    (await checkSignature({ signature, timestamp, body, secret: SECRET, now: Date.now(), maxAgeMs: 300_000 })) === null);
  dir = mkdtempSync(path.join(tmpdir(), 'tierwise-backfill-'));
});

afterEach(async () => {
  await receiver?.close();
  await sim?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Imports `count` tickets before BEFORE (a sixth of them solved or closed) plus a few after it; returns the open ones' ids. */
async function importTickets(count: number): Promise<number[]> {
  const { user } = await api<{ user: { id: number } }>(sim.url, 'POST', '/api/v2/users.json', { user: { name: 'Customer', email: 'customer@example.com' } });
  const open: number[] = [];
  const start = Date.parse(BEFORE) - count * 60_000;
  for (let i = 0; i < count; i++) {
    const status = STATUSES[i % STATUSES.length]!;
    // Pairs share a created second, so slicing must not lose or repeat tickets at a boundary.
    const created_at = new Date(start + Math.floor(i / 2) * 120_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const { ticket } = await api<{ ticket: { id: number } }>(sim.url, 'POST', '/api/v2/imports/tickets.json', {
      ticket: { subject: `Old ticket ${i}`, comment: { body: 'from before Tierwise' }, requester_id: user.id, status, created_at },
    });
    if (status !== 'solved' && status !== 'closed') open.push(ticket.id);
  }
  for (let i = 0; i < 3; i++) {
    await api(sim.url, 'POST', '/api/v2/imports/tickets.json', { ticket: { subject: `New ${i}`, comment: { body: 'after' }, requester_id: user.id, status: 'open', created_at: '2026-07-01T00:00:00Z' } });
  }
  return open;
}

function env(): Record<string, string> {
  return zendeskEnv(sim.url, { TIERWISE_WORKER_URL: receiver.url, ZENDESK_WEBHOOK_SECRET: SECRET });
}

function counts(deliveries: Delivery[]): Map<number, number> {
  const m = new Map<number, number>();
  for (const d of deliveries) m.set(d.ticketId, (m.get(d.ticketId) ?? 0) + 1);
  return m;
}

describe('backfill', () => {
  it('delivers every open ticket exactly once across an interruption (Ctrl-C, then a re-run)', async () => {
    const open = await importTickets(360);
    expect(open).toHaveLength(240);
    const checkpoint = path.join(dir, 'checkpoint.json');
    const args = ['--no-env-file', `--checkpoint=${checkpoint}`, `--before=${BEFORE}`, '--rate=6000', '--deliver-rate=3000', '--page-size=50'];

    const first = startCli('scripts/zendesk/backfill.ts', args, env());
    const deadline = Date.now() + 60_000;
    while (receiver.deliveries.length < 50 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    first.child.kill('SIGINT');
    const interrupted = await first.done;
    expect(interrupted.code, interrupted.stdout + interrupted.stderr).toBe(130);
    expect(interrupted.stderr).toContain('Interrupted: progress saved');
    const afterFirst = receiver.deliveries.length;
    expect(afterFirst).toBeGreaterThanOrEqual(50);
    expect(afterFirst).toBeLessThan(open.length);

    const second = await startCli('scripts/zendesk/backfill.ts', args, env()).done;
    expect(second.code, second.stdout + second.stderr).toBe(0);
    expect(second.stdout).toContain('Resuming backfill');
    expect(second.stdout).toContain(`Summary: found ${open.length}, sent ${open.length - afterFirst}, skipped ${afterFirst} (sent earlier), failed 0; 0 not yet sent.`);

    const seen = counts(receiver.deliveries);
    expect([...seen.keys()].sort((a, b) => a - b)).toEqual([...open].sort((a, b) => a - b));
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    expect(receiver.deliveries.every((d) => d.validSignature)).toBe(true);
    // Oldest first, and a stable invocation id per ticket (the worker dedupes a repeat after a crash).
    expect(receiver.deliveries.map((d) => d.ticketId)).toEqual(open);
    expect(new Set(receiver.deliveries.map((d) => d.invocationId.replace(/-\d+$/, ''))).size).toBe(1);

    // A third run has nothing left to do.
    const third = await startCli('scripts/zendesk/backfill.ts', args, env()).done;
    expect(third.code).toBe(0);
    expect(third.stdout).toContain(`Found ${open.length} open tickets; ${open.length} already sent in an earlier run; 0 to send.`);
    expect(receiver.deliveries).toHaveLength(open.length);
  });

  it('keeps to --rate for Zendesk and --deliver-rate for the worker, and honours 429s', async () => {
    const open = await importTickets(90);
    await fetch(`${sim.url}/__admin/requests`, { method: 'DELETE' });
    // An account limit the backfill must stay under, and two 429s (Retry-After: 1) to honour.
    await setFaults(sim.url, { rateLimitPerMinute: 30, failNext: 2, failStatus: 429 });
    const cap = captureIo();
    const started = Date.now();
    const code = await runBackfill(
      ['--no-env-file', `--checkpoint=${path.join(dir, 'cp.json')}`, `--before=${BEFORE}`, '--rate=120', '--deliver-rate=600', '--page-size=5'],
      env(), cap.io,
    );
    expect(code, cap.text()).toBe(0);
    expect(cap.out).toContain(`Summary: found ${open.length}, sent ${open.length}, skipped 0 (sent earlier), failed 0; 0 not yet sent.`);

    const log = (await requestLog(sim.url)).filter((r) => r.path.startsWith('/api/v2/'));
    const limited = log.filter((r) => r.status === 429);
    expect(limited).toHaveLength(2); // the injected ones only: the budget kept us under the account's limit
    expect(log[2]!.status).toBe(200); // ...and the request after them went through (Retry-After was honoured)
    const ok = log.filter((r) => r.status === 200);
    const searches = ok.filter((r) => r.path === '/api/v2/search/export.json');
    expect(searches.length).toBe(Math.ceil(open.length / 5));
    // 120/min = one request every 500 ms after a one-second burst of 2.
    const times = log.map((r) => Date.parse(r.at));
    const span = times[times.length - 1]! - times[0]!;
    expect(span).toBeGreaterThanOrEqual((log.length - 2 - 2) * 500 * 0.9);
    for (let i = 0; i + 4 < times.length; i++) expect(times[i + 4]! - times[i]!).toBeGreaterThanOrEqual(1000 * 0.9);

    // 600/min = 10 a second after a burst of 10.
    const at = receiver.deliveries.map((d) => d.at);
    expect(at[at.length - 1]! - at[0]!).toBeGreaterThanOrEqual((open.length - 10) * 100 * 0.9);
    for (let i = 0; i + 20 < at.length; i++) expect(at[i + 20]! - at[i]!).toBeGreaterThanOrEqual(1000 * 0.9);
    expect(Date.now() - started).toBeLessThan(60_000);
  });

  it('refuses a wrong secret at the first delivery and says which one', async () => {
    await importTickets(6);
    const cap = captureIo();
    const code = await runBackfill(['--no-env-file', `--checkpoint=${path.join(dir, 'cp.json')}`, `--before=${BEFORE}`], { ...env(), ZENDESK_WEBHOOK_SECRET: 'not-the-secret' }, cap.io);
    expect(code).toBe(3);
    expect(cap.err.join('\n')).toContain("ZENDESK_WEBHOOK_SECRET here is not the worker's secret");
    expect(receiver.deliveries).toHaveLength(0);
  });

  it('--dry-run finds the tickets and delivers nothing', async () => {
    const open = await importTickets(12);
    const cap = captureIo();
    const code = await runBackfill(['--no-env-file', `--checkpoint=${path.join(dir, 'cp.json')}`, `--before=${BEFORE}`, '--dry-run'], env(), cap.io);
    expect(code, cap.text()).toBe(0);
    expect(cap.out).toContain(`Found ${open.length} open tickets; 0 already sent; ${open.length} to send.`);
    expect(receiver.deliveries).toHaveLength(0);
  });

  it('--history delivers every ticket created in the window, solved ones too, but not closed ones (Zendesk refuses updates to them)', async () => {
    await importTickets(12); // all created within the hours before BEFORE
    const window = (await api<{ tickets: Array<{ id: number; status: string; created_at: string }> }>(sim.url, 'GET', '/api/v2/tickets.json')).tickets
      .filter((t) => Date.parse(t.created_at) < Date.parse(BEFORE) && Date.parse(t.created_at) >= Date.parse(BEFORE) - 86_400_000 && t.status !== 'closed');
    const cap = captureIo();
    const code = await runBackfill(['--no-env-file', `--checkpoint=${path.join(dir, 'cp.json')}`, `--before=${BEFORE}`, '--history=1'], env(), cap.io);
    expect(code, cap.text()).toBe(0);
    expect(cap.text()).toContain('any status but closed');
    expect([...counts(receiver.deliveries).keys()].sort((a, b) => a - b)).toEqual(window.map((t) => t.id).sort((a, b) => a - b));
    expect(window.some((t) => t.status === 'solved')).toBe(true);
    expect([...counts(receiver.deliveries).values()].every((n) => n === 1)).toBe(true);
  });

  it('--history refuses a number of days that is not 1-3650', async () => {
    const cap = captureIo();
    expect(await runBackfill(['--no-env-file', '--history=0'], env(), cap.io)).toBe(2);
    expect(cap.text()).toContain('--history must be 1-3650 days');
  });
});
