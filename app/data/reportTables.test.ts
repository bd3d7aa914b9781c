import { describe, expect, it } from 'vitest';
import { sampleReport } from '../test/serviceReport.ts';
import { tableCsv } from './csv.ts';
import { customPeriod, lastDays } from './period.ts';
import { badReasonsTable, distributionTable, escalationsTable, firstResponseTable, topCustomersTable } from './reportTables.ts';
import { parseServiceReport, parseTodaySummary, serviceReportRequest } from './serviceReport.ts';

describe('the service report as tables', () => {
  it('gives each tier and scene its compliance, median and p90 beside the previous period', () => {
    const table = firstResponseTable(sampleReport(), 'en');
    expect(table.rows.map((r) => r.label).slice(0, 4)).toEqual(['Core', 'Core · pre-sales inquiry', 'Core · order in progress', 'Core · after-sales fault']);
    expect(table.rows[0]!.cells).toMatchObject({ compliance: { current: 0.75, previous: 0.5 }, median: { current: 1_800_000, previous: 3_600_000 }, tickets: { current: 10, previous: 4 } });
    // No ticket measured: no share, rather than 0 %.
    expect(table.rows.find((r) => r.key === 'potential')!.cells['compliance']).toEqual({ current: null, previous: null });
  });

  it('rates escalations per ticket and groups bad-rating reasons Zendesk defines apart from the account’s own', () => {
    const report = sampleReport();
    expect(escalationsTable(report, 'en').rows.find((r) => r.key === 'basic')!.cells).toMatchObject({ l1Rate: { current: 0.4 }, l2Rate: { current: 0.2 } });
    const reasons = badReasonsTable(report, 'zh-CN');
    expect(reasons.rows.map((r) => [r.label, r.cells['core']!.current, r.cells['basic']!.current])).toEqual([
      ['问题解决耗时过长', 1, 0],
      ['问题未解决', 0, 1],
      ['贵账户自定义的原因', 0, 1],
    ]);
  });

  it('sets the tier distribution against the 10/30/60 guideline and names only the customers Zendesk showed', () => {
    const report = sampleReport();
    const gap = distributionTable(report, 'en').rows.map((r) => [r.key, r.cells['share']!.current, Number((r.cells['gap']!.current as number).toFixed(2))]);
    expect(gap).toEqual([['core', 0.1, 0], ['potential', 0.15, -0.15], ['basic', 0.75, 0.15]]);
    const top = topCustomersTable(report, new Map([['organization:9', 'Acme']]), 'en');
    expect(top.rows.map((r) => r.label)).toEqual(['Acme', 'Name not visible to you']);
    expect(top.rows[1]!.cells['annualSpend']).toEqual({ current: null });
  });

  it('exports raw values as CSV with a BOM, the previous period in its own columns, quoted where needed', () => {
    const csv = tableCsv(firstResponseTable(sampleReport(), 'zh-CN'), 'zh-CN');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const [header, core] = csv.slice(1).split('\r\n');
    expect(header).toBe('层级与场景,工单数,工单数（上期）,达标率 (0–1),达标率（上期） (0–1),首次响应中位数 (毫秒),首次响应中位数（上期） (毫秒),第 90 百分位 (毫秒),第 90 百分位（上期） (毫秒),目标 (毫秒)');
    expect(core).toBe('核心客户,10,4,0.75,0.5,1800000,3600000,7200000,10800000,');
    const top = tableCsv(topCustomersTable(sampleReport(), new Map([['organization:9', '=HYPERLINK("x"), "Acme"']]), 'en'), 'en');
    expect(top.split('\r\n')[1]).toBe(`"'=HYPERLINK(""x""), ""Acme""",Organization,Core,620000,10,0.75,1,0.8`);
  });
});

describe('periods', () => {
  it('counts whole UTC days, today included', () => {
    expect(lastDays(7, Date.parse('2026-03-08T23:59:00Z'))).toEqual({ from: '2026-03-02', to: '2026-03-09' });
    expect(customPeriod('2026-03-01', '2026-03-07')).toEqual({ from: '2026-03-01', to: '2026-03-08' });
    expect(customPeriod('2026-03-07', '2026-03-01')).toBe('end_before_start');
    expect(customPeriod('2026-02-30', '2026-03-01')).toBe('bad_date');
  });
});

describe('the reports API answers', () => {
  it('asks the worker with the secure token placeholder and the period', () => {
    expect(serviceReportRequest('https://w.example/', { from: '2026-03-02', to: '2026-03-09' })).toEqual({
      url: 'https://w.example/api/reports/service?from=2026-03-02&to=2026-03-09', type: 'GET', headers: { Authorization: 'Bearer {{setting.worker_token}}' }, secure: true, cors: false, dataType: 'json',
    });
  });

  it('reads a report (also as a JSON string) and refuses one that breaks the contract, saying where', () => {
    expect(parseServiceReport(JSON.stringify(sampleReport()))).toEqual(sampleReport());
    const broken = sampleReport() as unknown as { byTier: { core: { current: { tickets: unknown } } } };
    broken.byTier.core.current.tickets = -1;
    expect(() => parseServiceReport(broken)).toThrow('the worker did not answer a service report (at byTier.core.current.tickets)');
    expect(() => parseServiceReport('<html>')).toThrow('the worker did not answer JSON');
    expect(parseTodaySummary({ date: '2026-03-09', breached: 1, l1: 2, l2: 0, atRisk: 3 })).toEqual({ date: '2026-03-09', breached: 1, l1: 2, l2: 0, atRisk: 3 });
    expect(() => parseTodaySummary({ date: 'today' })).toThrow("the worker did not answer today's summary (at date)");
  });
});
