/**
 * The REAL bundle in the nav bar (the service dashboard) and top bar (today's summary) of the
 * local agent view, in Chromium, against a stand-in worker whose report is aggregated here from
 * a few ticket facts (service-facts.ts). The figures an agent reads must be those numbers, in
 * English and Chinese, light and dark, with no raw code in sight.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { REPO_ROOT, SCREENSHOTS, launchChromium, seedIds, startStack, type Stack } from './helpers.ts';
import { serviceReport, ticketFacts, todaySummary, type TicketFact } from './service-facts.ts';

const BUNDLE = join(REPO_ROOT, 'assets', 'iframe.html');

let stack: Stack;
let browser: Browser;
let page: Page;
let facts: TicketFact[] = [];
const now = Date.now();

const nav = (): FrameLocator => page.frameLocator('[data-testid="nav-bar-iframe"]');
const top = (): FrameLocator => page.frameLocator('[data-testid="top-bar-iframe"]');

/** A cell of a dashboard table: its raw values and the words shown. */
async function cell(table: string, row: string, column: string) {
  const locator = nav().locator(`[data-testid="table-${table}"] [data-row="${row}"] [data-column="${column}"]`);
  return {
    current: await locator.getAttribute('data-current'),
    previous: await locator.getAttribute('data-previous'),
    shown: (await locator.locator('[data-testid="value"]').textContent()) ?? '',
  };
}

/** Codes, keys and tags an agent should never read. */
async function rawCodes(frame: FrameLocator): Promise<string[]> {
  const text = await frame.locator('body').innerText();
  return [/\b(core|potential|basic|presale|insale|aftersale|follow_up|added_value|organization|user)\b/g, /dash\.[a-z]/g, /tierwise_\w+/g, /\bundefined\b|\bNaN\b|\bnull\b/g].flatMap((code) => text.match(code) ?? []);
}

/** The period the dashboard asked the worker for (its first report request). */
function askedPeriod(): { from: string; to: string } {
  const request = stack.worker.received.find((r) => r.path.startsWith('/api/reports/service?'));
  const query = new URLSearchParams(request?.path.split('?')[1] ?? '');
  return { from: query.get('from') ?? '', to: query.get('to') ?? '' };
}

async function openTab(name: string) {
  await nav().locator(`[data-testid="tab-${name}"]`).click();
}

beforeAll(async () => {
  readFileSync(BUNDLE);
  stack = await startStack({ reports: { service: (period) => serviceReport(facts, period, now), today: () => todaySummary(facts, now) } });
  const ids = seedIds(stack.simulator);
  facts = ticketFacts(now, { coreOrg: ids.organizations.core, potentialOrg: ids.organizations.potential, basicUser: ids.users.basicCustomer, hiddenOrg: 4242 });
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true })).newPage();
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

describe('the service dashboard in the nav bar', () => {
  it('compares first response per tier with the previous period, as aggregated from the facts', async () => {
    await page.goto(`${stack.view.url}/dashboard`);
    expect(await page.locator('[data-testid="nav-bar-iframe"]').getAttribute('src')).toContain('location=nav_bar');
    await expect.poll(() => nav().locator('[data-testid="service-dashboard"]').getAttribute('data-state'), { timeout: 20_000 }).toBe('ready');
    // Core: 3 of 4 answered within target (75 %), median 20 min, p90 3 h; before: 1 of 2, median 30 min.
    expect(await cell('first-response', 'core', 'compliance')).toEqual({ current: '0.75', previous: '0.5', shown: '75%' });
    expect(await cell('first-response', 'core', 'median')).toMatchObject({ current: String(20 * 60_000), previous: String(30 * 60_000), shown: '20 min' });
    expect((await cell('first-response', 'core', 'p90')).shown).toBe('3 h');
    // Basic: 2 of 4 measured within target (the ticket filed just now has not reached its target), median 1 h 30 min.
    expect(await cell('first-response', 'basic', 'compliance')).toMatchObject({ current: '0.5', shown: '50%' });
    expect((await cell('first-response', 'basic', 'median')).shown).toBe('1 h 30 min');
    expect((await cell('first-response', 'core.aftersale', 'target')).shown).toBe('2 h');
    // Every tier and tier x scene row against the independent aggregation of the period asked for.
    const report = serviceReport(facts, askedPeriod(), now);
    for (const tier of ['core', 'potential', 'basic'] as const) {
      for (const [row, figures] of [[tier, report.byTier[tier].current], ...(['presale', 'insale', 'aftersale'] as const).map((scene) => [`${tier}.${scene}`, report.byTierAndScene[tier][scene].current] as const)] as const) {
        expect(Number((await cell('first-response', row, 'tickets')).current), row).toBe(figures.tickets);
        expect((await cell('first-response', row, 'median')).current, row).toBe(figures.firstResponse.medianMs === null ? '' : String(figures.firstResponse.medianMs));
        expect(Number((await cell('escalations', row, 'l1')).current), row).toBe(figures.escalations.l1);
        expect(Number((await cell('escalations', row, 'breached')).current), row).toBe(figures.escalations.breached);
      }
    }
    // Escalations: basic had L1 on 2 of 5 tickets (40 %), L2 on 1 (20 %).
    expect((await cell('escalations', 'basic', 'l1Rate')).shown).toBe('40%');
    expect((await cell('escalations', 'basic', 'l2Rate')).shown).toBe('20%');
    expect(await rawCodes(nav())).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'dashboard-en.png'), fullPage: true });
  });

  it('shows satisfaction, customers with the names Zendesk shows the agent, and the dimensions radar', async () => {
    await openTab('satisfaction');
    expect(await cell('satisfaction', 'core', 'goodShare')).toMatchObject({ shown: '66.7%' });
    expect((await cell('satisfaction', 'core', 'ratedShare')).shown).toBe('75%');
    expect(await nav().locator('[data-testid="table-bad-reasons"] [data-row="5"]').textContent()).toContain('The issue took too long to resolve');
    expect(await nav().locator('[data-testid="table-bad-reasons"] [data-row="custom"]').textContent()).toContain('Reasons your account added');
    await openTab('customers');
    const rows = nav().locator('[data-testid="table-top-customers"] [data-testid="figure-row"]');
    await expect.poll(() => rows.first().textContent(), { timeout: 10_000 }).toContain('Acme Manufacturing 艾克美制造');
    expect(await nav().locator('[data-testid="table-top-customers"] [data-row="organization:4242"]').textContent()).toContain('Name not visible to you');
    expect(await nav().locator('[data-testid="churn-risk"]').getAttribute('data-value')).toBe('2');
    await openTab('dimensions');
    const radar = nav().locator('[data-testid="radar-potential"] canvas');
    expect(await radar.getAttribute('role')).toBe('img');
    expect(await radar.getAttribute('aria-label')).toMatch(/Communication – \(no scores yet\)/);
    expect(await radar.getAttribute('aria-label')).toMatch(/Timeliness 7 \/ 10 \(computed from ticket data\)/);
    expect(await radar.getAttribute('aria-describedby')).toBe('table-dimensions');
    await openTab('trends');
    expect(await nav().locator('[data-testid="chart-compliance"] canvas').getAttribute('aria-describedby')).toBe('table-weekly');
    expect(await rawCodes(nav())).toEqual([]);
  });

  it('exports a table as CSV with raw values and a byte order mark', async () => {
    await openTab('service');
    const [download] = await Promise.all([page.waitForEvent('download'), nav().locator('[data-testid="csv-first-response"]').click()]);
    expect(download.suggestedFilename()).toMatch(/^tierwise-first-response-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = readFileSync(await download.path(), 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).split('\r\n');
    expect(lines[0]).toBe('Tier and scene,Tickets,"Tickets, previous period",Within target (0–1),"Within target, previous period (0–1)",Median first response (ms),"Median first response, previous period (ms)",90th percentile (ms),"90th percentile, previous period (ms)",Target (ms)');
    expect(lines[1]).toBe(`Core,4,2,0.75,0.5,${20 * 60_000},${30 * 60_000},${3 * 3_600_000},${40 * 60_000},`);
  });

  it('shows today in the top bar', async () => {
    await expect.poll(() => top().locator('[data-testid="today-breached"]').getAttribute('data-value'), { timeout: 20_000 }).toBe('1');
    expect(await top().locator('[data-testid="today-l1"]').getAttribute('data-value')).toBe('1');
    expect(await top().locator('[data-testid="today-l2"]').getAttribute('data-value')).toBe('0');
    expect(await top().locator('[data-testid="today-summary"]').innerText()).toContain('First-response breaches');
  });

  it('speaks Chinese with the same figures', async () => {
    await page.locator('[data-testid="locale-switch"]').selectOption('zh-CN');
    await page.waitForLoadState('load');
    await expect.poll(() => nav().locator('[data-testid="service-dashboard"]').getAttribute('data-state'), { timeout: 20_000 }).toBe('ready');
    expect(await nav().locator('h1').textContent()).toBe('分层服务质量');
    expect(await cell('first-response', 'core', 'compliance')).toEqual({ current: '0.75', previous: '0.5', shown: '75%' });
    expect((await cell('first-response', 'basic', 'median')).shown).toBe('1 小时 30 分钟');
    expect(await nav().locator('[data-testid="table-first-response"] [data-row="core.presale"]').textContent()).toContain('核心客户 · ');
    await expect.poll(() => top().locator('[data-testid="today-summary"]').innerText(), { timeout: 20_000 }).toContain('首次响应超时');
    expect(await rawCodes(nav())).toEqual([]);
    expect(await rawCodes(top())).toEqual([]);
    await openTab('trends');
    expect(await nav().locator('[data-testid="table-weekly"] [data-testid="figure-row"]').first().textContent()).toContain('当周');
    expect(await rawCodes(nav())).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'dashboard-zh-CN.png'), fullPage: true });
  });

  it('turns dark with the agent workspace, charts included', async () => {
    await page.locator('[data-testid="color-scheme-switch"]').selectOption('dark');
    await expect.poll(() => nav().locator('[data-color-scheme]').first().getAttribute('data-color-scheme'), { timeout: 10_000 }).toBe('dark');
    await expect.poll(() => top().locator('[data-color-scheme]').first().getAttribute('data-color-scheme'), { timeout: 10_000 }).toBe('dark');
    await openTab('dimensions');
    expect(await nav().locator('[data-testid="radar-core"] canvas').count()).toBe(1);
    expect(await rawCodes(nav())).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'dashboard-dark.png'), fullPage: true });
  });
});
