import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../shared/settings.ts';
import { buildCustomerView, careDates, churnReading, daysUntilNext, groupTags, readDate, tagLabel } from './customer.ts';

const NOW = Date.UTC(2026, 10, 28, 15, 30); // 28 Nov 2026

describe('customer view', () => {
  it('groups customer tags and leaves Tierwise tags out', () => {
    expect(groupTags(['pref_video_call', 'complaint', 'complaints_billing', 'feedback_positive', 'escalated_2025', 'tierwise_escalated_l1', 'vip'], 'tierwise')).toEqual({
      preferences: ['pref_video_call'],
      complaints: ['complaint', 'complaints_billing'],
      feedback: ['feedback_positive'],
      escalations: ['escalated_2025'],
    });
    expect(tagLabel('pref_video_call')).toBe('video call');
    expect(tagLabel('complaint')).toBe('complaint');
  });

  it('reads date fields and counts days to the next yearly occurrence', () => {
    expect(readDate('1985-12-01')).toBe(Date.UTC(1985, 11, 1));
    expect(readDate('2026-01-02T10:00:00Z')).toBe(Date.UTC(2026, 0, 2));
    expect(readDate('soon')).toBeNull();
    expect(daysUntilNext(Date.UTC(1985, 11, 1), NOW)).toBe(3);
    expect(daysUntilNext(Date.UTC(1985, 10, 28), NOW)).toBe(0);
    expect(daysUntilNext(Date.UTC(1985, 10, 27), NOW)).toBe(364);
    expect(daysUntilNext(Date.UTC(2000, 1, 29), Date.UTC(2027, 1, 27))).toBe(1); // 29 Feb -> 28 Feb
  });

  it('highlights care dates within the window, the user first, the organization as fallback', () => {
    const dates = careDates({ user: { fields: { birthday: '1985-12-01' } }, organization: { fields: { partnership_anniversary: '2019-12-20', birthday: '1970-01-01' } } }, DEFAULT_SETTINGS, NOW);
    expect(dates).toEqual([
      { kind: 'birthday', date: Date.UTC(1985, 11, 1), daysUntil: 3, soon: true },
      { kind: 'anniversary', date: Date.UTC(2019, 11, 20), daysUntil: 22, soon: false },
    ]);
  });

  it('marks churn risk after churn_after_days', () => {
    expect(churnReading({ user: { fields: { last_interaction: '2026-05-01' } } }, DEFAULT_SETTINGS, NOW)).toEqual({ daysSince: 211, atRisk: true });
    expect(churnReading({ user: { fields: { last_interaction: '2026-11-01' } } }, DEFAULT_SETTINGS, NOW)).toEqual({ daysSince: 27, atRisk: false });
    expect(churnReading({ user: { fields: {} } }, DEFAULT_SETTINGS, NOW)).toBeNull();
  });

  it('classifies with shared/ and explains in the agent language', () => {
    const view = buildCustomerView({ user: { name: 'Li', fields: { orders_per_year: '12' } }, organization: null }, DEFAULT_SETTINGS, 'zh-CN', NOW);
    expect(view.tier.tier).toBe('core');
    expect(view.explanation).toBe('核心客户：年订单数 12 >= 10（用户 Li）');
  });
});
