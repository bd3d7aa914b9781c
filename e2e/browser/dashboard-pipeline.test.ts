/**
 * The service dashboard on the real pipeline: the Zendesk simulator, the worker under `wrangler
 * dev` and the agent view hosting the REAL bundle in Chromium. A small past is filed the way
 * `npm start` files it (sandbox/history: imported tickets, replayed reopens, CSAT ratings, each
 * ticket handed to the worker, which records its facts), then the figures the dashboard shows
 * must be the numbers counted here from the simulator's own tickets, metric sets and ratings
 * (read through its API, never from the worker's D1).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { SCENES, TIERS, type Scene, type Tier } from '../../shared/domain.ts';
import { sandboxSettings } from '../../sandbox/demo-settings.ts';
import { startAgentView, type AgentView } from '../../sandbox/agent-view/server.ts';
import { seedHistory } from '../../sandbox/history/seed.ts';
import { freePort } from '../../sandbox/lib/ports.ts';
import { startWorker, type RunningWorker } from '../../sandbox/lib/worker-process.ts';
import { startZendeskSimulator, type RunningSimulator } from '../../sandbox/zendesk/server.ts';
import { API_TOKEN, EMAIL, SCREENSHOTS, WORKER_TOKEN, launchChromium, zendesk } from './helpers.ts';

const SECRET = 'pipeline-webhook-secret';
const HISTORY_TICKETS = 60;

let simulator: RunningSimulator;
let worker: RunningWorker;
let view: AgentView;
let stateDir: string;
let browser: Browser;
let page: Page;

interface Counted {
  tickets: number;
  solved: number;
  reopened: number;
  offered: number;
  good: number;
  bad: number;
}

const nav = (): FrameLocator => page.frameLocator('[data-testid="nav-bar-iframe"]');
const cell = (table: string, row: string, column: string) => nav().locator(`[data-testid="table-${table}"] [data-row="${row}"] [data-column="${column}"]`).getAttribute('data-current');

/** Every page of a cursor-paginated list of the simulator's API. */
async function all<T>(first: string, key: string): Promise<T[]> {
  const out: T[] = [];
  let next: string | null = first;
  while (next) {
    const body: Record<string, unknown> & { meta?: { has_more: boolean; after_cursor: string | null } } = await zendesk(simulator, next);
    out.push(...(body[key] as T[]));
    next = body.meta?.has_more && body.meta.after_cursor ? `${first}&page[after]=${encodeURIComponent(body.meta.after_cursor)}` : null;
  }
  return out;
}

/** The past as the simulator holds it, counted per tier (from the tier tag Zendesk shows) and per tier and scene. */
async function countFromZendesk(): Promise<Map<string, Counted>> {
  const tickets = (await all<{ id: number; subject: string; tags: string[]; status: string }>('/api/v2/tickets.json?page[size]=100', 'tickets')).filter((t) => t.subject.startsWith('Past '));
  expect(tickets).toHaveLength(HISTORY_TICKETS);
  const ratings = new Map((await all<{ ticket_id: number; score: string }>('/api/v2/satisfaction_ratings.json?page[size]=100', 'satisfaction_ratings')).map((r) => [r.ticket_id, r.score]));
  const counts = new Map<string, Counted>();
  for (const ticket of tickets) {
    const tier = TIERS.find((t) => ticket.tags.includes(`tierwise_tier_${t}`));
    const scene = SCENES.find((s) => ticket.tags.includes(`scene_${s}`));
    expect(tier, `ticket ${ticket.id} has its tier tag`).toBeDefined();
    const { ticket_metric: metric } = await zendesk<{ ticket_metric: { solved_at: string | null; reopens: number } }>(simulator, `/api/v2/tickets/${ticket.id}/metrics.json`);
    const solved = ticket.status === 'solved' || ticket.status === 'closed';
    const score = ratings.get(ticket.id);
    for (const key of [tier!, `${tier!}.${scene!}`]) {
      const c = counts.get(key) ?? { tickets: 0, solved: 0, reopened: 0, offered: 0, good: 0, bad: 0 };
      c.tickets += 1;
      c.solved += solved && metric.solved_at !== null ? 1 : 0;
      c.reopened += solved && metric.reopens > 0 ? 1 : 0;
      c.offered += score === undefined ? 0 : 1;
      c.good += score === 'good' ? 1 : 0;
      c.bad += score === 'bad' ? 1 : 0;
      counts.set(key, c);
    }
  }
  return counts;
}

const share = (n: number, of: number) => (of === 0 ? '' : String(n / of));

beforeAll(async () => {
  const workerPort = await freePort();
  const workerUrl = `http://127.0.0.1:${workerPort}`;
  // The real pace's targets (hours): nothing in the past escalates while the test reads it.
  const appSettings = sandboxSettings('real', workerUrl);
  simulator = await startZendeskSimulator({
    port: 0, email: EMAIL, apiToken: API_TOKEN, seed: true, webhookSecret: SECRET, webhookTargetUrl: `${workerUrl}/webhooks/zendesk`,
    appSettings, secureAppSettings: { worker_token: WORKER_TOKEN },
  });
  stateDir = mkdtempSync(path.join(tmpdir(), 'tierwise-e2e-pipeline-'));
  worker = await startWorker({
    port: workerPort, persistDir: stateDir, testScheduled: true,
    vars: { ZENDESK_BASE_URL: simulator.url, ZENDESK_EMAIL: EMAIL, ZENDESK_API_TOKEN: API_TOKEN, ZENDESK_WEBHOOK_SECRET: SECRET, TIERWISE_API_TOKEN: WORKER_TOKEN, ZENDESK_RATE_LIMIT_PER_MINUTE: '30000' },
  });
  const past = await seedHistory({
    zendeskUrl: simulator.url, workerUrl: worker.url, email: EMAIL, apiToken: API_TOKEN, webhookSecret: SECRET, workerToken: WORKER_TOKEN,
    appSettings, days: 14, tickets: HISTORY_TICKETS, customers: 12, timeoutMs: 240_000,
  });
  await past.recorded;
  view = await startAgentView({ port: 0, zendeskUrl: simulator.url, zendeskEmail: EMAIL, zendeskApiToken: API_TOKEN, secureSettings: { worker_token: WORKER_TOKEN } });
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
}, 420_000);

afterAll(async () => {
  await browser?.close();
  await view?.close();
  await worker?.stop();
  await simulator?.close();
  if (stateDir) rmSync(stateDir, { recursive: true, force: true });
});

describe('the service dashboard on the real worker', () => {
  it('shows the tickets, solves, reopens and CSAT of the filed past as counted from Zendesk', async () => {
    const expected = await countFromZendesk();
    expect(TIERS.reduce((n, tier) => n + (expected.get(tier)?.reopened ?? 0), 0), 'the past has reopened tickets').toBeGreaterThan(0);
    await page.goto(`${view.url}/dashboard`);
    await expect.poll(() => nav().locator('[data-testid="service-dashboard"]').getAttribute('data-state'), { timeout: 30_000 }).toBe('ready');
    const rows: string[] = TIERS.flatMap((tier: Tier) => [tier, ...SCENES.map((scene: Scene) => `${tier}.${scene}`)]);
    const counted = (row: string) => expected.get(row) ?? { tickets: 0, solved: 0, reopened: 0, offered: 0, good: 0, bad: 0 };
    for (const row of rows) expect(Number(await cell('first-response', row, 'tickets')), `${row} tickets`).toBe(counted(row).tickets);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'dashboard-pipeline.png'), fullPage: true });
    await nav().locator('[data-testid="tab-resolution"]').click();
    for (const row of rows) {
      expect(Number(await cell('resolution', row, 'solved')), `${row} solved`).toBe(counted(row).solved);
      expect(await cell('resolution', row, 'reopenRate'), `${row} reopen rate`).toBe(share(counted(row).reopened, counted(row).solved));
    }
    await nav().locator('[data-testid="tab-satisfaction"]').click();
    for (const tier of TIERS) {
      const c = expected.get(tier)!;
      expect(Number(await cell('satisfaction', tier, 'offered')), `${tier} offered`).toBe(c.offered);
      expect(Number(await cell('satisfaction', tier, 'good')), `${tier} good`).toBe(c.good);
      expect(Number(await cell('satisfaction', tier, 'bad')), `${tier} bad`).toBe(c.bad);
    }
  });

  it('has figures in every block of every tab (the seeded past leaves none empty)', async () => {
    /** How many cells of a table hold a figure other than nothing or zero. */
    const filled = (table: string) => nav().locator(`[data-testid="table-${table}"] [data-current]`).evaluateAll((cells) => cells.filter((c) => !['', '0'].includes(c.getAttribute('data-current') ?? '')).length);
    const tabs: Record<string, string[]> = {
      service: ['first-response', 'escalations'],
      resolution: ['resolution', 'backlog'],
      satisfaction: ['satisfaction', 'bad-reasons'],
      customers: ['distribution', 'top-customers'],
      dimensions: ['dimensions'],
      trends: ['weekly'],
    };
    const empty: string[] = [];
    for (const [tab, tables] of Object.entries(tabs)) {
      await nav().locator(`[data-testid="tab-${tab}"]`).click();
      for (const table of tables) {
        await nav().locator(`[data-testid="table-${table}"]`).waitFor();
        if ((await filled(table)) === 0) empty.push(table);
      }
    }
    expect(empty).toEqual([]);
    // The reopen rate shows a share above zero for at least one tier.
    await nav().locator('[data-testid="tab-resolution"]').click();
    const rates = await Promise.all(TIERS.map((tier) => cell('resolution', tier, 'reopenRate')));
    expect(rates.some((rate) => Number(rate) > 0)).toBe(true);
  });
});
