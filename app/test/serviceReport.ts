/** A small service report for component tests, typed by the contract (shared/reports.ts). */
import type { ServiceFigures, ServiceReport } from '../../shared/reports.ts';

export function figures(overrides: Partial<ServiceFigures> = {}): ServiceFigures {
  return {
    tickets: 0,
    firstResponse: { measured: 0, withinTarget: 0, medianMs: null, p90Ms: null, targetMs: null },
    escalations: { atRisk: 0, breached: 0, l1: 0, l2: 0 },
    resolution: { solved: 0, medianMs: null, reopened: 0 },
    satisfaction: { offered: 0, good: 0, bad: 0, reasons: {} },
    ...overrides,
  };
}

const HOUR = 3_600_000;
const core = figures({ tickets: 10, firstResponse: { measured: 8, withinTarget: 6, medianMs: 0.5 * HOUR, p90Ms: 2 * HOUR, targetMs: null }, escalations: { atRisk: 2, breached: 1, l1: 1, l2: 0 }, resolution: { solved: 5, medianMs: 26 * HOUR, reopened: 1 }, satisfaction: { offered: 6, good: 4, bad: 1, reasons: { '5': 1 } } });
const corePrevious = figures({ tickets: 4, firstResponse: { measured: 4, withinTarget: 2, medianMs: HOUR, p90Ms: 3 * HOUR, targetMs: null } });
const basic = figures({ tickets: 5, firstResponse: { measured: 5, withinTarget: 1, medianMs: 3 * HOUR, p90Ms: 5 * HOUR, targetMs: null }, escalations: { atRisk: 3, breached: 3, l1: 2, l2: 1 }, satisfaction: { offered: 2, good: 0, bad: 2, reasons: { '6': 1, '4711': 1 } } });
const empty = { current: figures(), previous: figures() };
const scenes = (presale: { current: ServiceFigures; previous: ServiceFigures }) => ({ presale, insale: empty, aftersale: empty });
const dims = (score: number | null) => ({ timeliness: { score, source: 'data' as const }, resolution: { score, source: 'data' as const }, communication: { score: null, source: 'follow_up' as const }, added_value: { score: 6, source: 'follow_up' as const }, satisfaction: { score, source: 'data' as const } });

export function sampleReport(): ServiceReport {
  return {
    period: { from: '2026-03-02', to: '2026-03-09' },
    previousPeriod: { from: '2026-02-23', to: '2026-03-02' },
    byTier: { core: { current: core, previous: corePrevious }, potential: empty, basic: { current: basic, previous: figures() } },
    byTierAndScene: { core: scenes({ current: core, previous: corePrevious }), potential: scenes(empty), basic: scenes({ current: basic, previous: figures() }) },
    backlog: { core: { underOneDay: 1, oneToThreeDays: 0, threeToSevenDays: 0, overSevenDays: 0 }, potential: { underOneDay: 0, oneToThreeDays: 0, threeToSevenDays: 0, overSevenDays: 0 }, basic: { underOneDay: 0, oneToThreeDays: 2, threeToSevenDays: 1, overSevenDays: 1 } },
    weekly: [{ weekStart: '2026-03-02', byTier: { core, potential: figures(), basic } }],
    customers: {
      distribution: { core: 2, potential: 3, basic: 15 },
      guideline: { core: 0.1, potential: 0.3, basic: 0.6 },
      atChurnRisk: 4,
      top: [
        { kind: 'organization', id: 9, tier: 'core', annualSpend: 620_000, figures: core },
        { kind: 'user', id: 77, tier: 'basic', annualSpend: null, figures: basic },
      ],
    },
    dimensions: { core: dims(8.5), potential: dims(null), basic: dims(4) },
    generatedAt: '2026-03-09T06:00:00.000Z',
  };
}
