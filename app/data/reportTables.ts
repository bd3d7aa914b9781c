/**
 * The service report as tables: one model per table, with raw values (shares as fractions,
 * durations in milliseconds), so the same rows are shown in words and exported to CSV unchanged.
 * Pure: the words come from the shared catalogue, the numbers from the report.
 */
import { SCENES, TIERS, type Locale, type Tier } from '../../shared/domain.ts';
import { sceneName, tierName } from '../../shared/explain.ts';
import { translate, type MessageKey } from '../../shared/i18n/index.ts';
import { formatDate } from '../i18n.ts';
import { DIMENSIONS, type Comparison, type ServiceFigures, type ServiceReport } from '../../shared/reports.ts';
import '../../shared/i18n/dashboard/index.ts';

/** How a value reads: a count, a share (0-1), a signed share, a duration (ms), a 1-10 score, money, or words. */
export type ValueKind = 'count' | 'share' | 'shareDelta' | 'duration' | 'score' | 'money' | 'text';
export type Value = number | string | null;

export interface Column {
  key: string;
  header: string;
  kind: ValueKind;
  /** Also shows (and exports) the previous period's value. */
  compare?: boolean;
}

export interface Cell {
  current: Value;
  previous?: Value;
}

export interface TableRow {
  key: string;
  label: string;
  /** What the CSV says in the label column when it differs from the words (a week's ISO date). */
  labelValue?: string;
  cells: Record<string, Cell>;
}

export interface TableModel {
  id: string;
  title: string;
  labelHeader: string;
  columns: Column[];
  rows: TableRow[];
}

/** n / d, or null when there is nothing to divide by. */
export function share(n: number, d: number): number | null {
  return d > 0 ? n / d : null;
}

const t = (locale: Locale, key: MessageKey, vars?: Record<string, string | number>) => translate(locale, key, vars);
const column = (locale: Locale, key: string, header: MessageKey, kind: ValueKind, compare = false): Column => ({ key, header: t(locale, header), kind, compare });

/** Rows per tier, then per tier and scene, each with the current and previous period. */
function tierAndSceneRows(report: ServiceReport, locale: Locale, cells: (f: Comparison<ServiceFigures>) => Record<string, Cell>): TableRow[] {
  return TIERS.flatMap((tier) => [
    { key: tier, label: tierName(tier, locale), cells: cells(report.byTier[tier]) },
    ...SCENES.map((scene) => ({
      key: `${tier}.${scene}`,
      label: t(locale, 'dash.row.tierScene', { tier: tierName(tier, locale), scene: sceneName(scene, locale) }),
      cells: cells(report.byTierAndScene[tier][scene]),
    })),
  ]);
}

function compared(f: Comparison<ServiceFigures>, read: (figures: ServiceFigures) => Value): Cell {
  return { current: read(f.current), previous: read(f.previous) };
}

const compliance = (f: ServiceFigures) => share(f.firstResponse.withinTarget, f.firstResponse.measured);
const goodShare = (f: ServiceFigures) => share(f.satisfaction.good, f.satisfaction.good + f.satisfaction.bad);

export function firstResponseTable(report: ServiceReport, locale: Locale): TableModel {
  return {
    id: 'first-response',
    title: t(locale, 'dash.table.firstResponse'),
    labelHeader: t(locale, 'dash.col.group'),
    columns: [
      column(locale, 'tickets', 'dash.col.tickets', 'count', true),
      column(locale, 'compliance', 'dash.col.compliance', 'share', true),
      column(locale, 'median', 'dash.col.median', 'duration', true),
      column(locale, 'p90', 'dash.col.p90', 'duration', true),
      column(locale, 'target', 'dash.col.target', 'duration'),
    ],
    rows: tierAndSceneRows(report, locale, (f) => ({
      tickets: compared(f, (x) => x.tickets),
      compliance: compared(f, compliance),
      median: compared(f, (x) => x.firstResponse.medianMs),
      p90: compared(f, (x) => x.firstResponse.p90Ms),
      target: { current: f.current.firstResponse.targetMs },
    })),
  };
}

export function escalationsTable(report: ServiceReport, locale: Locale): TableModel {
  return {
    id: 'escalations',
    title: t(locale, 'dash.table.escalations'),
    labelHeader: t(locale, 'dash.col.group'),
    columns: [
      column(locale, 'l1', 'dash.col.l1', 'count', true),
      column(locale, 'l1Rate', 'dash.col.l1Rate', 'share', true),
      column(locale, 'l2', 'dash.col.l2', 'count', true),
      column(locale, 'l2Rate', 'dash.col.l2Rate', 'share', true),
      column(locale, 'atRisk', 'dash.col.atRisk', 'count', true),
      column(locale, 'breached', 'dash.col.breached', 'count', true),
    ],
    rows: tierAndSceneRows(report, locale, (f) => ({
      l1: compared(f, (x) => x.escalations.l1),
      l1Rate: compared(f, (x) => share(x.escalations.l1, x.tickets)),
      l2: compared(f, (x) => x.escalations.l2),
      l2Rate: compared(f, (x) => share(x.escalations.l2, x.tickets)),
      atRisk: compared(f, (x) => x.escalations.atRisk),
      breached: compared(f, (x) => x.escalations.breached),
    })),
  };
}

export function resolutionTable(report: ServiceReport, locale: Locale): TableModel {
  return {
    id: 'resolution',
    title: t(locale, 'dash.table.resolution'),
    labelHeader: t(locale, 'dash.col.group'),
    columns: [
      column(locale, 'solved', 'dash.col.solved', 'count', true),
      column(locale, 'resolution', 'dash.col.resolutionMedian', 'duration', true),
      column(locale, 'reopenRate', 'dash.col.reopenRate', 'share', true),
    ],
    rows: tierAndSceneRows(report, locale, (f) => ({
      solved: compared(f, (x) => x.resolution.solved),
      resolution: compared(f, (x) => x.resolution.medianMs),
      reopenRate: compared(f, (x) => share(x.resolution.reopened, x.resolution.solved)),
    })),
  };
}

export function backlogTable(report: ServiceReport, locale: Locale): TableModel {
  return {
    id: 'backlog',
    title: t(locale, 'dash.table.backlog'),
    labelHeader: t(locale, 'dash.col.tier'),
    columns: [
      column(locale, 'underOneDay', 'dash.col.underOneDay', 'count'),
      column(locale, 'oneToThreeDays', 'dash.col.oneToThreeDays', 'count'),
      column(locale, 'threeToSevenDays', 'dash.col.threeToSevenDays', 'count'),
      column(locale, 'overSevenDays', 'dash.col.overSevenDays', 'count'),
    ],
    rows: TIERS.map((tier) => {
      const b = report.backlog[tier];
      return {
        key: tier,
        label: tierName(tier, locale),
        cells: { underOneDay: { current: b.underOneDay }, oneToThreeDays: { current: b.oneToThreeDays }, threeToSevenDays: { current: b.threeToSevenDays }, overSevenDays: { current: b.overSevenDays } },
      };
    }),
  };
}

export function satisfactionTable(report: ServiceReport, locale: Locale): TableModel {
  return {
    id: 'satisfaction',
    title: t(locale, 'dash.table.satisfaction'),
    labelHeader: t(locale, 'dash.col.tier'),
    columns: [
      column(locale, 'offered', 'dash.col.offered', 'count', true),
      column(locale, 'ratedShare', 'dash.col.ratedShare', 'share', true),
      column(locale, 'good', 'dash.col.good', 'count', true),
      column(locale, 'bad', 'dash.col.bad', 'count', true),
      column(locale, 'goodShare', 'dash.col.goodShare', 'share', true),
    ],
    rows: TIERS.map((tier) => {
      const f = report.byTier[tier];
      return {
        key: tier,
        label: tierName(tier, locale),
        cells: {
          offered: compared(f, (x) => x.satisfaction.offered),
          ratedShare: compared(f, (x) => share(x.satisfaction.good + x.satisfaction.bad, x.satisfaction.offered)),
          good: compared(f, (x) => x.satisfaction.good),
          bad: compared(f, (x) => x.satisfaction.bad),
          goodShare: compared(f, goodShare),
        },
      };
    }),
  };
}

/** Zendesk's built-in reasons for a bad rating (0: none given); any other code is one the account set up. */
const KNOWN_REASONS = ['0', '5', '6', '7', '8', '100'] as const;
type ReasonGroup = (typeof KNOWN_REASONS)[number] | 'custom';
const reasonGroup = (code: string): ReasonGroup => ((KNOWN_REASONS as readonly string[]).includes(code) ? (code as ReasonGroup) : 'custom');

export function badReasonsTable(report: ServiceReport, locale: Locale): TableModel {
  const counts = new Map<ReasonGroup, Record<Tier, number>>();
  for (const tier of TIERS) {
    for (const [code, n] of Object.entries(report.byTier[tier].current.satisfaction.reasons)) {
      const group = reasonGroup(code);
      const row = counts.get(group) ?? { core: 0, potential: 0, basic: 0 };
      row[tier] += n;
      counts.set(group, row);
    }
  }
  const order: ReasonGroup[] = [...KNOWN_REASONS, 'custom'];
  return {
    id: 'bad-reasons',
    title: t(locale, 'dash.table.badReasons'),
    labelHeader: t(locale, 'dash.col.reason'),
    columns: TIERS.map((tier) => ({ key: tier, header: tierName(tier, locale), kind: 'count' as const })),
    rows: order.filter((g) => counts.has(g)).map((group) => {
      const row = counts.get(group)!;
      return { key: group, label: t(locale, `dash.reason.${group}`), cells: Object.fromEntries(TIERS.map((tier) => [tier, { current: row[tier] }])) };
    }),
  };
}

export function distributionTable(report: ServiceReport, locale: Locale): TableModel {
  const { distribution, guideline } = report.customers;
  const total = TIERS.reduce((sum, tier) => sum + distribution[tier], 0);
  return {
    id: 'distribution',
    title: t(locale, 'dash.table.distribution'),
    labelHeader: t(locale, 'dash.col.tier'),
    columns: [
      column(locale, 'customers', 'dash.col.customers', 'count'),
      column(locale, 'share', 'dash.col.share', 'share'),
      column(locale, 'guideline', 'dash.col.guideline', 'share'),
      column(locale, 'gap', 'dash.col.gap', 'shareDelta'),
    ],
    rows: TIERS.map((tier) => {
      const mine = share(distribution[tier], total);
      return {
        key: tier,
        label: tierName(tier, locale),
        cells: { customers: { current: distribution[tier] }, share: { current: mine }, guideline: { current: guideline[tier] }, gap: { current: mine === null ? null : mine - guideline[tier] } },
      };
    }),
  };
}

/** `names`: what Zendesk let this agent see, by `organization:<id>` / `user:<id>`. */
export function topCustomersTable(report: ServiceReport, names: ReadonlyMap<string, string>, locale: Locale): TableModel {
  return {
    id: 'top-customers',
    title: t(locale, 'dash.table.topCustomers'),
    labelHeader: t(locale, 'dash.col.customer'),
    columns: [
      column(locale, 'kind', 'dash.col.kind', 'text'),
      column(locale, 'tier', 'dash.col.tier', 'text'),
      column(locale, 'annualSpend', 'dash.col.annualSpend', 'money'),
      column(locale, 'tickets', 'dash.col.tickets', 'count'),
      column(locale, 'compliance', 'dash.col.compliance', 'share'),
      column(locale, 'escalations', 'dash.col.escalated', 'count'),
      column(locale, 'goodShare', 'dash.col.goodShare', 'share'),
    ],
    rows: report.customers.top.map((c) => {
      const key = `${c.kind}:${c.id}`;
      return {
        key,
        label: names.get(key) ?? t(locale, 'dash.customer.hidden'),
        cells: {
          kind: { current: t(locale, c.kind === 'organization' ? 'dash.customer.organization' : 'dash.customer.user') },
          tier: { current: tierName(c.tier, locale) },
          annualSpend: { current: c.annualSpend },
          tickets: { current: c.figures.tickets },
          compliance: { current: compliance(c.figures) },
          escalations: { current: c.figures.escalations.l1 + c.figures.escalations.l2 },
          goodShare: { current: goodShare(c.figures) },
        },
      };
    }),
  };
}

export function dimensionsTable(report: ServiceReport, locale: Locale): TableModel {
  return {
    id: 'dimensions',
    title: t(locale, 'dash.table.dimensions'),
    labelHeader: t(locale, 'dash.col.dimension'),
    columns: TIERS.flatMap((tier) => [
      { key: tier, header: tierName(tier, locale), kind: 'score' as const },
      { key: `${tier}.source`, header: t(locale, 'dash.col.source', { tier: tierName(tier, locale) }), kind: 'text' as const },
    ]),
    rows: DIMENSIONS.map((dimension) => ({
      key: dimension,
      label: t(locale, `dash.dimension.${dimension}`),
      cells: Object.fromEntries(
        TIERS.flatMap((tier) => {
          const { score, source } = report.dimensions[tier][dimension];
          const from = score === null ? t(locale, 'dash.source.none') : t(locale, `dash.source.${source}`);
          return [[tier, { current: score }], [`${tier}.source`, { current: from }]];
        }),
      ),
    })),
  };
}

export function weeklyTable(report: ServiceReport, locale: Locale): TableModel {
  return {
    id: 'weekly',
    title: t(locale, 'dash.table.weekly'),
    labelHeader: t(locale, 'dash.col.week'),
    columns: [
      column(locale, 'tier', 'dash.col.tier', 'text'),
      column(locale, 'tickets', 'dash.col.tickets', 'count'),
      column(locale, 'compliance', 'dash.col.compliance', 'share'),
      column(locale, 'median', 'dash.col.median', 'duration'),
      column(locale, 'l1', 'dash.col.l1', 'count'),
      column(locale, 'l2', 'dash.col.l2', 'count'),
      column(locale, 'breached', 'dash.col.breached', 'count'),
      column(locale, 'goodShare', 'dash.col.goodShare', 'share'),
    ],
    rows: report.weekly.flatMap((week) =>
      TIERS.map((tier) => {
        const f = week.byTier[tier];
        return {
          key: `${week.weekStart}.${tier}`,
          label: t(locale, 'dash.row.week', { date: formatDate(Date.parse(`${week.weekStart}T00:00:00Z`), locale) }),
          labelValue: week.weekStart,
          cells: {
            tier: { current: tierName(tier, locale) },
            tickets: { current: f.tickets },
            compliance: { current: compliance(f) },
            median: { current: f.firstResponse.medianMs },
            l1: { current: f.escalations.l1 },
            l2: { current: f.escalations.l2 },
            breached: { current: f.escalations.breached },
            goodShare: { current: goodShare(f) },
          },
        };
      }),
    ),
  };
}

/** Each week's first-response compliance and escalations per tier, for the trend charts. */
export function weeklySeries(report: ServiceReport): { weeks: string[]; compliance: Record<Tier, Array<number | null>>; escalations: Record<Tier, number[]> } {
  const weeks = report.weekly.map((w) => w.weekStart);
  const per = <T>(read: (f: ServiceFigures) => T) => Object.fromEntries(TIERS.map((tier) => [tier, report.weekly.map((w) => read(w.byTier[tier]))])) as Record<Tier, T[]>;
  return { weeks, compliance: per(compliance), escalations: per((f) => f.escalations.l1 + f.escalations.l2) };
}
