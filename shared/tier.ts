/**
 * Tier classification (docs/rules.md#tiers), explainable: the result says which rule fired,
 * with which numbers, taken from where. Missing or malformed data is not an error: the
 * customer is `basic` and the reason says why.
 */
import { isTier, MAX_AMOUNT, MAX_ORDERS, type Tier } from './domain.ts';
import type { Settings } from './settings.ts';

export type DataSource = 'organization' | 'user';
export type Metric = 'annual_spend' | 'orders';

export interface CustomerRecord {
  /** Custom field values keyed by field key (Zendesk `user_fields` / `organization_fields`). */
  fields?: Readonly<Record<string, unknown>> | null;
  name?: string | null;
}

export interface CustomerData {
  organization?: CustomerRecord | null;
  user?: CustomerRecord | null;
}

export interface MetricReading {
  metric: Metric;
  value: number;
  threshold: number;
}

export interface InvalidValue {
  source: DataSource;
  metric: Metric | 'tier_override';
  value: unknown;
}

export type TierReason =
  | { rule: 'override'; source: DataSource; name: string | null }
  | { rule: 'threshold'; source: DataSource; name: string | null; matched: MetricReading[] }
  | { rule: 'below_thresholds'; source: DataSource; name: string | null; readings: MetricReading[] }
  | { rule: 'no_data' };

export interface TierResult {
  tier: Tier;
  reason: TierReason;
  /** Values that were present but unusable, so an admin can fix the data. */
  invalid: InvalidValue[];
}

interface Readings {
  spend: number | null;
  orders: number | null;
}

/** A money amount: a finite number from 0 to 10^12, or a string such as "620000" or "620,000.50". */
export function readAmount(value: unknown): number | null | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d{1,3}(,\d{3})*(\.\d+)?\s*$|^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value.replace(/[,\s]/g, '')) : NaN;
  return Number.isFinite(n) && n >= 0 && n <= MAX_AMOUNT ? n : null;
}

/** An order count: a whole number from 0 to 10^6. */
export function readCount(value: unknown): number | null | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(n) && n >= 0 && n <= MAX_ORDERS ? n : null;
}

function readOverride(value: unknown): Tier | null | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') return null;
  // Dropdown fields store a tag value; accept "core", "Core" and "tier_core"-style values.
  const normalised = value.trim().toLowerCase().replace(/^.*[_-]/, '');
  return isTier(normalised) ? normalised : null;
}

export function classifyTier(customer: CustomerData, settings: Settings): TierResult {
  const invalid: InvalidValue[] = [];
  const sources: Array<[DataSource, CustomerRecord | null | undefined]> = [
    ['user', customer.user],
    ['organization', customer.organization],
  ];

  // A manual override wins whatever the numbers say; the user's is the more specific one.
  for (const [source, record] of sources) {
    const override = readOverride(record?.fields?.[settings.tier_override_field]);
    if (override === null) invalid.push({ source, metric: 'tier_override', value: record?.fields?.[settings.tier_override_field] });
    if (override) return { tier: override, reason: { rule: 'override', source, name: record?.name ?? null }, invalid };
  }

  // Business numbers normally live on the organization; fall back to the user.
  for (const [source, record] of [sources[1]!, sources[0]!]) {
    const readings = readNumbers(source, record, settings, invalid);
    if (readings.spend === null && readings.orders === null) continue;
    return { ...decide(readings, settings, source, record?.name ?? null), invalid };
  }
  return { tier: 'basic', reason: { rule: 'no_data' }, invalid };
}

function readNumbers(source: DataSource, record: CustomerRecord | null | undefined, settings: Settings, invalid: InvalidValue[]): Readings {
  const rawSpend = record?.fields?.[settings.annual_spend_field];
  const rawOrders = record?.fields?.[settings.orders_field];
  const spend = readAmount(rawSpend);
  const orders = readCount(rawOrders);
  if (spend === null) invalid.push({ source, metric: 'annual_spend', value: rawSpend });
  if (orders === null) invalid.push({ source, metric: 'orders', value: rawOrders });
  return { spend: spend ?? null, orders: orders ?? null };
}

function decide(readings: Readings, settings: Settings, source: DataSource, name: string | null): Omit<TierResult, 'invalid'> {
  const rules: Array<[Exclude<Tier, 'basic'>, number, number]> = [
    ['core', settings.core_min_annual_spend, settings.core_min_orders],
    ['potential', settings.potential_min_annual_spend, settings.potential_min_orders],
  ];
  for (const [tier, minSpend, minOrders] of rules) {
    const matched: MetricReading[] = [];
    if (readings.spend !== null && readings.spend >= minSpend) matched.push({ metric: 'annual_spend', value: readings.spend, threshold: minSpend });
    if (readings.orders !== null && readings.orders >= minOrders) matched.push({ metric: 'orders', value: readings.orders, threshold: minOrders });
    if (matched.length > 0) return { tier, reason: { rule: 'threshold', source, name, matched } };
  }
  const readingsBelow: MetricReading[] = [];
  if (readings.spend !== null) readingsBelow.push({ metric: 'annual_spend', value: readings.spend, threshold: settings.potential_min_annual_spend });
  if (readings.orders !== null) readingsBelow.push({ metric: 'orders', value: readings.orders, threshold: settings.potential_min_orders });
  return { tier: 'basic', reason: { rule: 'below_thresholds', source, name, readings: readingsBelow } };
}
