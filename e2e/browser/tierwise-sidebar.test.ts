/**
 * The REAL sidebar bundle (assets/, built by `npx vite build`) inside the local agent view,
 * in Chromium: an agent opens a core customer's ticket and sees what Tierwise shows.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, FrameLocator, Page } from 'playwright-core';
import { REPO_ROOT, SCREENSHOTS, WORKER_TOKEN, createTicket, launchChromium, markTouchedByWorker, seedIds, startStack, zendesk, type Stack } from './helpers.ts';

const BUNDLE = join(REPO_ROOT, 'assets', 'iframe.html');

let stack: Stack;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let ticketId: number;

const app = (): FrameLocator => page.frameLocator('[data-testid="app-iframe"]');

async function attribute(frame: FrameLocator, testId: string, name: string): Promise<string | null> {
  const locator = frame.locator(`[data-testid="${testId}"]`).first();
  return (await locator.count()) === 0 ? null : locator.getAttribute(name);
}

async function textOf(frame: FrameLocator, testId: string): Promise<string> {
  const locator = frame.locator(`[data-testid="${testId}"]`).first();
  return (await locator.count()) === 0 ? '' : ((await locator.textContent()) ?? '');
}

/** What the agent reads in the sidebar that looks like a code, a Tierwise tag or an id (none, in any language). */
async function rawCodes(): Promise<string[]> {
  const text = await app().locator('body').innerText();
  return [/group_id/g, /deadline:/g, /tier:/g, /(?<![\d.,])\d{6,}(?![\d.,])/g, /tierwise_\w+/g].flatMap((code) => text.match(code) ?? []);
}

beforeAll(async () => {
  if (!existsSync(BUNDLE)) throw new Error(`The sidebar bundle is missing (${BUNDLE}): run \`npx vite build\` first.`);
  stack = await startStack();
  const ids = seedIds(stack.simulator);
  ticketId = await createTicket(stack.simulator, ids.users.coreCustomer, 'Production line stopped 生产线停机', { priority: 'normal' });
  await markTouchedByWorker(stack.simulator, ticketId);
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

describe('the Tierwise sidebar in the local agent view', () => {
  it('lists the ticket and opens it with the app in the sidebar', async () => {
    await page.goto(stack.view.url);
    const link = page.locator(`[data-testid="ticket-row"][data-ticket-id="${ticketId}"] [data-testid="ticket-link"]`);
    expect(await link.textContent()).toContain('Production line stopped');
    await link.click();
    await page.waitForURL(`**/tickets/${ticketId}`);
    expect(await page.locator('[data-testid="ticket-organization"]').textContent()).toContain('Acme Manufacturing 艾克美制造');
    const src = await page.locator('[data-testid="app-iframe"]').getAttribute('src');
    expect(src).toMatch(/^\/app\/iframe\.html\?origin=http.*&app_guid=[\w-]+&location=ticket_sidebar&colorScheme=light$/);
  });

  it('shows the core tier and why', async () => {
    await expect.poll(() => attribute(app(), 'tier-badge', 'data-tier'), { timeout: 20_000 }).toBe('core');
    const reason = await textOf(app(), 'tier-reason');
    expect(reason).toMatch(/620[,. ]?000/);
    await page.screenshot({ path: join(SCREENSHOTS, 'sidebar-core-en.png'), fullPage: true });
  });

  it('counts the SLA down, shows the escalation ladder and the audit trail in words', async () => {
    // A new core ticket: first response on track, neither escalation due yet.
    await expect.poll(() => attribute(app(), 'sla-countdown', 'data-remaining-ms'), { timeout: 10_000 }).not.toBeNull();
    expect(await attribute(app(), 'sla-countdown', 'data-state')).toBe('ok');
    const first = Number(await attribute(app(), 'sla-countdown', 'data-remaining-ms'));
    await expect.poll(async () => Number(await attribute(app(), 'sla-countdown', 'data-remaining-ms')), { timeout: 10_000 }).toBeLessThan(first);
    expect(await attribute(app(), 'escalation-l1', 'data-state')).toBe('pending');
    expect(await attribute(app(), 'escalation-l2', 'data-state')).toBe('pending');
    expect(await textOf(app(), 'escalation-l1')).toContain('L1 (not handled 24 h after creation) → Supervisors');
    // The audit trail comes from the worker through the proxy, with the secure token added server-side.
    await expect.poll(() => attribute(app(), 'audit-trail', 'data-state'), { timeout: 10_000 }).toBe('ready');
    const auditCall = stack.worker.received.find((r) => r.path === `/api/tickets/${ticketId}/audit`);
    expect(auditCall?.authorization).toBe(`Bearer ${WORKER_TOKEN}`);
    const rows = app().locator('[data-testid="audit-row"]');
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).textContent()).toContain('Escalated to L1 (supervisor)');
    expect(await rows.nth(0).textContent()).toContain('Not handled 24 h after creation');
    expect(await rows.nth(0).textContent()).toContain('Group: Support → Supervisors');
    expect(await rows.nth(1).textContent()).toContain('Core: annual spend 620,000 >= 500,000, organization Acme');
    expect(await rawCodes()).toEqual([]);
  });

  it('follows a priority change made by the agent', async () => {
    await page.locator('[data-testid="priority-select"]').selectOption('urgent');
    await expect.poll(() => attribute(app(), 'ticket-priority', 'data-priority'), { timeout: 10_000 }).toBe('urgent');
    const stored = await zendesk<{ ticket: { priority: string } }>(stack.simulator, `/api/v2/tickets/${ticketId}.json`);
    expect(stored.ticket.priority).toBe('urgent');
  });

  it('follows a change made behind the page (e.g. by the worker)', async () => {
    await zendesk(stack.simulator, `/api/v2/tickets/${ticketId}.json`, { method: 'PUT', body: { ticket: { priority: 'high' } } });
    await expect.poll(() => attribute(app(), 'ticket-priority', 'data-priority'), { timeout: 15_000 }).toBe('high');
    await expect.poll(() => page.locator('[data-testid="ticket-priority"]').textContent(), { timeout: 10_000 }).toBe('high');
  });

  it('speaks Chinese when the agent switches to zh-CN', async () => {
    await page.locator('[data-testid="locale-switch"]').selectOption('zh-CN');
    await page.waitForLoadState('load');
    await expect.poll(() => textOf(app(), 'tier-badge'), { timeout: 20_000 }).toContain('核心客户');
    await expect.poll(() => app().locator('[data-testid="audit-row"]').count(), { timeout: 10_000 }).toBe(2);
    expect(await app().locator('[data-testid="audit-row"]').first().textContent()).toContain('组：Support → Supervisors');
    expect(await rawCodes()).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'sidebar-core-zh-CN.png'), fullPage: true });
  });

  it('turns dark with the agent workspace', async () => {
    await expect.poll(() => attribute(app(), 'tier-badge', 'data-tier'), { timeout: 20_000 }).toBe('core');
    await page.locator('[data-testid="color-scheme-switch"]').selectOption('dark');
    expect(await page.locator('body').getAttribute('data-color-scheme')).toBe('dark');
    await expect.poll(() => app().locator('[data-color-scheme]').first().getAttribute('data-color-scheme'), { timeout: 10_000 }).toBe('dark');
    await page.screenshot({ path: join(SCREENSHOTS, 'sidebar-core-dark.png'), fullPage: true });
  });

  it('runs the same bundle in the user and organization sidebars', async () => {
    const ids = seedIds(stack.simulator);
    await page.goto(`${stack.view.url}/users/${ids.users.coreCustomer}`);
    expect(await page.locator('[data-testid="app-iframe"]').getAttribute('src')).toContain('location=user_sidebar');
    await expect.poll(() => attribute(app(), 'tier-badge', 'data-tier'), { timeout: 20_000 }).toBe('core');
    await page.goto(`${stack.view.url}/organizations/${ids.organizations.core}`);
    expect(await page.locator('[data-testid="app-iframe"]').getAttribute('src')).toContain('location=organization_sidebar');
    await expect.poll(() => attribute(app(), 'tier-badge', 'data-tier'), { timeout: 20_000 }).toBe('core');
    await page.screenshot({ path: join(SCREENSHOTS, 'organization-sidebar.png'), fullPage: true });
  });
});
