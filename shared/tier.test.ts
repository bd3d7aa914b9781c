import { describe, expect, it } from 'vitest';
import { parseSettings, DEFAULT_SETTINGS } from './settings.ts';
import { classifyTier } from './tier.ts';
import { explainTier } from './explain.ts';

const org = (fields: Record<string, unknown>, name = 'Acme') => ({ organization: { name, fields } });
const tierOf = (customer: Parameters<typeof classifyTier>[0]) => classifyTier(customer, DEFAULT_SETTINGS).tier;

describe('classifyTier: boundaries from docs/rules.md', () => {
  it.each([
    [99_999, 'basic'],
    [100_000, 'potential'],
    [499_999, 'potential'],
    [500_000, 'core'],
  ])('annual spend %d -> %s', (spend, tier) => {
    expect(tierOf(org({ annual_spend: spend }))).toBe(tier);
  });

  it.each([
    [4, 'basic'],
    [5, 'potential'],
    [9, 'potential'],
    [10, 'core'],
  ])('%d orders a year -> %s', (orders, tier) => {
    expect(tierOf(org({ orders_per_year: orders }))).toBe(tier);
  });

  it('the highest tier whose rule matches wins: 10 orders and 20,000 spend is core', () => {
    const result = classifyTier(org({ annual_spend: 20_000, orders_per_year: 10 }), DEFAULT_SETTINGS);
    expect(result.tier).toBe('core');
    expect(result.reason).toEqual({ rule: 'threshold', source: 'organization', name: 'Acme', matched: [{ metric: 'orders', value: 10, threshold: 10 }] });
  });

  it('explains the rule that fired with the numbers and where they came from', () => {
    const result = classifyTier(org({ annual_spend: 620_000 }), DEFAULT_SETTINGS);
    expect(explainTier(result, 'en')).toBe('Core: annual spend 620,000 >= 500,000, organization Acme');
    expect(explainTier(result, 'zh-CN')).toBe('核心客户：年度消费 620,000 >= 500,000（组织 Acme）');
  });

  it('reads amounts written as strings, with thousands separators', () => {
    expect(tierOf(org({ annual_spend: '620,000' }))).toBe('core');
    expect(tierOf(org({ annual_spend: '150000.50' }))).toBe('potential');
    expect(tierOf(org({ orders_per_year: ' 12 ' }))).toBe('core');
  });
});

describe('classifyTier: missing and malformed data is basic, with the reason', () => {
  it('no data anywhere', () => {
    const result = classifyTier({ user: { fields: {} } }, DEFAULT_SETTINGS);
    expect(result).toEqual({ tier: 'basic', reason: { rule: 'no_data' }, invalid: [] });
    expect(explainTier(result, 'en')).toBe('Basic: no spend or order data');
  });

  it.each([
    ['negative', -5],
    ['non-numeric', 'lots'],
    ['absurd', 1e15],
    ['infinite', Number.POSITIVE_INFINITY],
    ['an object', { amount: 600000 }],
    ['a boolean', true],
  ])('%s spend is reported as invalid and ignored', (_label, value) => {
    const result = classifyTier(org({ annual_spend: value }), DEFAULT_SETTINGS);
    expect(result.tier).toBe('basic');
    expect(result.reason).toEqual({ rule: 'no_data' });
    expect(result.invalid).toEqual([{ source: 'organization', metric: 'annual_spend', value }]);
  });

  it('fractional or negative order counts are invalid', () => {
    expect(classifyTier(org({ orders_per_year: 10.5 }), DEFAULT_SETTINGS).invalid).toHaveLength(1);
    expect(tierOf(org({ orders_per_year: -10 }))).toBe('basic');
  });

  it('a valid metric still counts when the other one is malformed', () => {
    const result = classifyTier(org({ annual_spend: 'n/a', orders_per_year: 11 }), DEFAULT_SETTINGS);
    expect(result.tier).toBe('core');
    expect(result.invalid).toHaveLength(1);
  });
});

describe('classifyTier: organization vs user, and overrides', () => {
  it('the organization decides when it has data, even if the user has bigger numbers', () => {
    const result = classifyTier({ organization: { name: 'Little Leaf', fields: { annual_spend: 20_000 } }, user: { fields: { annual_spend: 900_000 } } }, DEFAULT_SETTINGS);
    expect(result.tier).toBe('basic');
    expect(result.reason).toMatchObject({ rule: 'below_thresholds', source: 'organization' });
  });

  it('falls back to the user when the organization has no data', () => {
    const result = classifyTier({ organization: { name: 'Empty Co', fields: {} }, user: { name: 'Li Lei', fields: { annual_spend: 550_000 } } }, DEFAULT_SETTINGS);
    expect(result.tier).toBe('core');
    expect(result.reason).toMatchObject({ rule: 'threshold', source: 'user' });
  });

  it('falls back to the user when there is no organization', () => {
    expect(tierOf({ user: { fields: { orders_per_year: 6 } } })).toBe('potential');
  });

  it('a manual override wins whatever the numbers say', () => {
    const result = classifyTier(org({ annual_spend: 1_000, tier_override: 'core' }, 'Strategic Partner'), DEFAULT_SETTINGS);
    expect(result.tier).toBe('core');
    expect(explainTier(result, 'en')).toBe('Core: set by hand (tier override), organization Strategic Partner');
  });

  it("the user's override is more specific than the organization's", () => {
    const result = classifyTier({ organization: { fields: { tier_override: 'core' } }, user: { fields: { tier_override: 'tier_potential' } } }, DEFAULT_SETTINGS);
    expect(result).toMatchObject({ tier: 'potential', reason: { rule: 'override', source: 'user' } });
  });

  it('an unknown override value is reported and the numbers decide', () => {
    const result = classifyTier(org({ annual_spend: 150_000, tier_override: 'platinum' }), DEFAULT_SETTINGS);
    expect(result.tier).toBe('potential');
    expect(result.invalid).toEqual([{ source: 'organization', metric: 'tier_override', value: 'platinum' }]);
  });

  it('follows the admin thresholds and field keys from the settings', () => {
    const { settings } = parseSettings({ core_min_annual_spend: '200000', annual_spend_field: 'spend_12m' });
    expect(classifyTier(org({ spend_12m: 250_000 }), settings).tier).toBe('core');
    expect(classifyTier(org({ annual_spend: 250_000 }), settings).tier).toBe('basic');
  });
});
