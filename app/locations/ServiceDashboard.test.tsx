import '../test/jsdom-shims.ts';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../App.tsx';
import { lastDays } from '../data/period.ts';
import { serviceReportRequest } from '../data/serviceReport.ts';
import { fakeClient } from '../test/fakeClient.ts';
import { sampleReport } from '../test/serviceReport.ts';
import type { ZafRequestOptions } from '../zaf/types.ts';

// The dashboard's code (Chart.js included) is loaded on demand, which takes a while on a busy machine.
vi.setConfig({ testTimeout: 20_000 });
const ready = { timeout: 10_000 };

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const WORKER = 'https://tierwise.example.workers.dev';

function renderDashboard(role: string, settings: Record<string, unknown> = { worker_url: WORKER }, locale = 'en-US') {
  const fake = fakeClient({
    location: 'nav_bar',
    settings,
    data: { 'currentUser.role': role, 'currentUser.locale': locale, colorScheme: 'light' },
    request: (options: string | ZafRequestOptions) => {
      const url = typeof options === 'string' ? options : options.url;
      if (url.startsWith(`${WORKER}/api/reports/service`)) return sampleReport();
      if (url === '/api/v2/organizations/show_many.json?ids=9') return { organizations: [{ id: 9, name: 'Acme 艾克美' }] };
      if (url === '/api/v2/users/show_many.json?ids=77') throw { status: 403, statusText: 'Forbidden' };
      throw new Error(`unexpected request ${url}`);
    },
  });
  render(<App client={fake.client} />);
  return fake;
}

const cell = (table: string, row: string, column: string) => {
  const found = screen.getByTestId(`table-${table}`).querySelector(`[data-row="${row}"] [data-column="${column}"]`);
  if (!found) throw new Error(`no cell ${table} ${row} ${column}`);
  return found as HTMLElement;
};

describe('the service dashboard (nav bar)', () => {
  it('tells an agent whose role the admin left out that it is not for them, and asks the worker nothing', async () => {
    const fake = renderDashboard('agent', { worker_url: WORKER, dashboard_roles: 'admin, Team lead' });
    expect((await screen.findByTestId('dashboard-denied', {}, ready)).textContent).toContain('Not available to your role');
    expect(fake.request).not.toHaveBeenCalled();
  });

  it('says where to set the worker URL when it is missing', async () => {
    renderDashboard('admin', {});
    expect((await screen.findByTestId('dashboard-no-worker', {}, ready)).textContent).toContain('Set the Tierwise worker URL');
  });

  it('shows the last 28 days per tier beside the previous period, with the names Zendesk lets the agent see', async () => {
    const fake = renderDashboard('Admin');
    await waitFor(() => expect(screen.getByTestId('service-dashboard').dataset['state']).toBe('ready'), ready);
    expect(fake.request).toHaveBeenCalledWith(serviceReportRequest(WORKER, lastDays(28, Date.now())));
    expect(cell('first-response', 'core', 'compliance').textContent).toBe('75%previous: 50%');
    expect(cell('first-response', 'core', 'median').textContent).toBe('30 minprevious: 1 h');
    expect(cell('first-response', 'potential', 'compliance').textContent).toBe('–previous: –');
    expect(screen.getByTestId('period-shown').textContent).toContain('2 Mar 2026 – 8 Mar 2026, compared with 23 Feb 2026 – 1 Mar 2026');
    fireEvent.click(screen.getByTestId('tab-customers'));
    await waitFor(() => expect(screen.getByTestId('table-top-customers').textContent).toContain('Acme 艾克美'));
    expect(within(screen.getByTestId('table-top-customers')).getAllByTestId('figure-row')[1]!.textContent).toContain('Name not visible to you');
    expect(screen.getByTestId('churn-risk').textContent).toBe('Customers at churn risk (no interaction within the churn window): 4');
  });

  it('says what is wrong with an answer that is not a report, and asks again on retry', async () => {
    let answer: unknown = { error: 'not found' };
    const fake = fakeClient({ location: 'nav_bar', settings: { worker_url: WORKER }, data: { 'currentUser.role': 'admin', 'currentUser.locale': 'en', colorScheme: 'light' }, request: () => answer });
    render(<App client={fake.client} />);
    expect((await screen.findByTestId('load-error', {}, ready)).textContent).toContain('Could not load the service report: the worker did not answer a service report (at period)');
    answer = sampleReport();
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(screen.getByTestId('service-dashboard').dataset['state']).toBe('ready'), ready);
  });

  it('asks again for another period, and refuses a custom period that ends before it starts', async () => {
    const fake = renderDashboard('admin');
    await screen.findByTestId('table-first-response', {}, ready);
    fireEvent.change(screen.getByTestId('period-select'), { target: { value: '7' } });
    await waitFor(() => expect(fake.request).toHaveBeenCalledWith(serviceReportRequest(WORKER, lastDays(7, Date.now()))));
    fireEvent.change(screen.getByTestId('period-select'), { target: { value: 'custom' } });
    fireEvent.change(screen.getByTestId('period-from'), { target: { value: '2026-03-07' } });
    fireEvent.change(screen.getByTestId('period-to'), { target: { value: '2026-03-01' } });
    fireEvent.click(screen.getByTestId('period-apply'));
    expect(screen.getByTestId('period-problem').textContent).toBe('The last day is before the first day.');
    fireEvent.change(screen.getByTestId('period-to'), { target: { value: '2026-03-08' } });
    fireEvent.click(screen.getByTestId('period-apply'));
    await waitFor(() => expect(fake.request).toHaveBeenCalledWith(serviceReportRequest(WORKER, { from: '2026-03-07', to: '2026-03-09' })));
  });

  it('downloads a table as a UTF-8 CSV with a byte order mark', async () => {
    const blobs: Blob[] = [];
    Object.assign(URL, { createObjectURL: (blob: Blob) => (blobs.push(blob), 'blob:csv'), revokeObjectURL: () => {} });
    const clicked = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      expect(this.download).toBe('tierwise-escalations-2026-03-02-2026-03-09.csv');
    });
    renderDashboard('admin', { worker_url: WORKER }, 'zh-CN');
    fireEvent.click(await screen.findByTestId('csv-escalations', {}, ready));
    expect(clicked).toHaveBeenCalledTimes(1);
    expect(blobs[0]!.type).toBe('text/csv;charset=utf-8');
    const bytes = await new Promise<Uint8Array>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
      reader.readAsArrayBuffer(blobs[0]!);
    });
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes).split('\r\n')[1]).toBe('核心客户,1,0,0.1,0,0,0,0,0,2,0,1,0');
  });

  it('draws the five dimensions per tier with a text alternative that says where each score comes from', async () => {
    // jsdom draws no canvas: the chart gets no context (Chart.js says so on the console); the text alternative is what is checked.
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
    vi.spyOn(console, 'error').mockImplementation(() => {});
    renderDashboard('admin');
    fireEvent.click(await screen.findByTestId('tab-dimensions', {}, ready));
    const canvas = (await screen.findByTestId('radar-core')).querySelector('canvas')!;
    expect(canvas.getAttribute('role')).toBe('img');
    expect(canvas.getAttribute('aria-label')).toBe(
      'Core: five service dimensions: Timeliness 8.5 / 10 (computed from ticket data), Resolution 8.5 / 10 (computed from ticket data), Communication – (no scores yet), Added value 6 / 10 (from follow-up scores), Satisfaction 8.5 / 10 (computed from ticket data)',
    );
    expect(cell('dimensions', 'communication', 'core.source').textContent).toBe('no scores yet');
  });
});

describe("today's summary (top bar)", () => {
  it('shows breaches and escalations since midnight and refreshes when the pane opens again', async () => {
    let today = { date: '2026-03-09', breached: 2, l1: 3, l2: 1, atRisk: 4 };
    const fake = fakeClient({
      location: 'top_bar',
      settings: { worker_url: WORKER },
      data: { 'currentUser.role': 'agent', 'currentUser.locale': 'zh-CN', colorScheme: 'dark' },
      request: () => today,
    });
    render(<App client={fake.client} />);
    await waitFor(() => expect(screen.getByTestId('today-breached').dataset['value']).toBe('2'), ready);
    expect(screen.getByTestId('today-summary').textContent).toContain('首次响应超时2');
    today = { ...today, breached: 5 };
    await act(async () => fake.fire('pane.activated'));
    await waitFor(() => expect(screen.getByTestId('today-breached').dataset['value']).toBe('5'));
    expect(document.querySelector('[data-color-scheme]')?.getAttribute('data-color-scheme')).toBe('dark');
  });
});
