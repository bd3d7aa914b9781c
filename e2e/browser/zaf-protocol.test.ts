/**
 * The agent view's host side of the ZAF protocol, exercised by the real SDK in Chromium
 * (a probe app built from fixtures/zaf-probe), independent of the Tierwise sidebar.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { SCREENSHOTS, WORKER_TOKEN, createTicket, launchChromium, seedIds, startStack, zendesk, type Stack } from './helpers.ts';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'zaf-probe');

let outDir: string;
let stack: Stack;
let browser: Browser;
let page: Page;
let ticketId: number;

async function text(selector: string): Promise<string> {
  const frame = page.frameLocator('[data-testid="app-iframe"]');
  await expect.poll(async () => (await frame.locator(selector).textContent()) ?? '', { timeout: 15_000 }).not.toBe('');
  return (await frame.locator(selector).textContent()) ?? '';
}

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'zaf-probe-'));
  await build({
    root: FIXTURE,
    configFile: false,
    logLevel: 'error',
    base: './',
    build: { outDir, emptyOutDir: true, minify: false, rollupOptions: { input: join(FIXTURE, 'iframe.html') } },
  });
  stack = await startStack({ assetsDir: outDir });
  ticketId = await createTicket(stack.simulator, seedIds(stack.simulator).users.coreCustomer, 'Probe: the conveyor stopped');
  browser = await launchChromium();
  page = await browser.newPage();
  await page.goto(`${stack.view.url}/tickets/${ticketId}`);
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

describe('ZAF host protocol (probe app through the real SDK)', () => {
  it('registers the app with metadata and context', async () => {
    const registered = JSON.parse(await text('#registered')) as { metadata: Record<string, unknown>; context: Record<string, unknown> };
    expect(registered.context).toMatchObject({ product: 'support', location: 'ticket_sidebar', ticketId, account: { subdomain: expect.any(String) } });
    expect(registered.metadata).toMatchObject({ name: 'Tierwise', settings: { worker_url: stack.worker.url } });
    expect(JSON.stringify(registered)).not.toContain(WORKER_TOKEN);
  });

  it('answers get with ZAF objects, custom fields by path and errors for unknown paths', async () => {
    const result = JSON.parse(await text('#get')) as Record<string, unknown> & { errors: Record<string, { name: string }> };
    expect(result['ticket.id']).toBe(ticketId);
    expect(result['ticket.subject']).toBe('Probe: the conveyor stopped');
    expect(result['ticket.requester.email']).toBe('zhang.wei@example.com');
    expect(result['ticket.organization.name']).toBe('Acme Manufacturing 艾克美制造');
    expect(result['ticket.organization.customField:annual_spend']).toBe(620000);
    expect(result['currentUser.role']).toBe('admin');
    expect(result['colorScheme']).toBe('light');
    expect(Array.isArray(result['ticket.comments'])).toBe(true);
    expect((result['ticket.comments'] as Array<{ author: { role: string } }>)[0]?.author.role).toEqual(expect.any(String));
    expect(result.errors['ticket.nope']?.name).toBe('APIUnavailable');
    expect(JSON.stringify(result)).not.toContain('$customFields');
    expect(await text('#get-error')).toContain('no.such.path');
  });

  it('proxies client.request to the simulator with server-side auth, and fails like jQuery', async () => {
    const ticket = JSON.parse(await text('#request-zendesk')) as { ticket: { id: number } };
    expect(ticket.ticket.id).toBe(ticketId);
    const failure = JSON.parse(await text('#request-fail')) as { status: number; responseText: string };
    expect(failure.status).toBe(404);
  });

  it('substitutes {{setting.x}} server-side for secure requests, where the manifest\'s scopes allow', async () => {
    const shown = await text('#request-secure');
    const echo = JSON.parse(shown) as { authorization: string; body: string; path: string };
    expect(echo.path).toBe(`/echo?ticket=${ticketId}`);
    // The worker got the real token in the header; the manifest scopes worker_token to headers,
    // so in the body the placeholder stays as written (as Zendesk's proxy leaves it)...
    const call = stack.worker.received.find((r) => r.path === `/echo?ticket=${ticketId}`);
    expect(call?.authorization).toBe(`Bearer ${WORKER_TOKEN}`);
    expect(JSON.parse(call?.body ?? '{}')).toEqual({ token: '{{setting.worker_token}}' });
    // ...and even when a response quotes it, the browser never sees it.
    expect(echo.authorization).toBe('Bearer [secure setting]');
    expect(shown).not.toContain(WORKER_TOKEN);
  });

  it('resizes the iframe on invoke("resize")', async () => {
    await text('#invoke');
    await expect.poll(() => page.locator('[data-testid="app-iframe"]').evaluate((el) => (el as HTMLElement).style.height)).toBe('345px');
  });

  it('fires ticket events when the agent changes the ticket, and when it changes elsewhere', async () => {
    const frame = page.frameLocator('[data-testid="app-iframe"]');
    await text('#invoke');
    await page.locator('[data-testid="priority-select"]').selectOption('urgent');
    await expect.poll(() => frame.locator('li[data-event="ticket.priority.changed"]').first().textContent(), { timeout: 10_000 }).toBe('ticket.priority.changed "urgent"');
    await expect.poll(() => frame.locator('li[data-event="ticket.submit.done"]').count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => page.locator('[data-testid="ticket-priority"]').first().textContent(), { timeout: 10_000 }).toBe('urgent');

    await zendesk(stack.simulator, `/api/v2/tickets/${ticketId}.json`, { method: 'PUT', body: { ticket: { status: 'pending', tags: ['from_elsewhere'] } } });
    await expect.poll(() => frame.locator('li[data-event="ticket.status.changed"]').first().textContent(), { timeout: 10_000 }).toBe('ticket.status.changed "pending"');
    await expect.poll(() => frame.locator('li[data-event="ticket.tags.changed"]').count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => frame.locator('li[data-event="ticket.updated"]').count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => page.locator('[data-testid="ticket-status"]').first().textContent(), { timeout: 10_000 }).toBe('pending');

    await page.locator('[data-testid="color-scheme-switch"]').selectOption('dark');
    await expect.poll(() => frame.locator('li[data-event="colorScheme"]').first().textContent(), { timeout: 10_000 }).toBe('colorScheme "dark"');
    await page.screenshot({ path: join(SCREENSHOTS, 'zaf-probe.png'), fullPage: true });
  });
});
