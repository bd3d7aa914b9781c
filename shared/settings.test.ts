import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, describeProblem, parseSettings, SETTING_KEYS } from './settings.ts';

describe('parseSettings', () => {
  it('gives every default from docs/rules.md when nothing is set', () => {
    const { settings, problems } = parseSettings({});
    expect(problems).toEqual([]);
    expect(settings).toEqual(DEFAULT_SETTINGS);
    expect(settings).toMatchObject({
      core_min_annual_spend: 500_000, core_min_orders: 10, potential_min_annual_spend: 100_000, potential_min_orders: 5,
      sla_presale_hours: 1, sla_insale_hours: 2, sla_aftersale_hours: 4, sla_factor_core: 0.5, sla_warning_share: 0.75,
      escalation_l1_hours: 24, escalation_l2_hours: 48, priority_core: 'high', priority_potential: 'normal', priority_basic: 'low',
    });
  });

  it('accepts the strings Zendesk stores and ignores its own keys', () => {
    const { settings, problems } = parseSettings({ name: 'Tierwise', title: 'Tierwise', sla_presale_hours: '0.5', priority_aftersale_raise: 'false', scene_field_id: '360001', worker_url: 'https://tierwise.example.workers.dev/' });
    expect(problems).toEqual([]);
    expect(settings.sla_presale_hours).toBe(0.5);
    expect(settings.priority_aftersale_raise).toBe(false);
    expect(settings.scene_field_id).toBe(360001);
    expect(settings.worker_url).toBe('https://tierwise.example.workers.dev');
  });

  it('reports a bad value naming the setting and uses the default', () => {
    const { settings, problems } = parseSettings({ sla_insale_hours: 'two', priority_core: 'HIGHEST', sla_warning_share: 1.5 });
    expect(settings.sla_insale_hours).toBe(2);
    expect(settings.priority_core).toBe('high');
    expect(settings.sla_warning_share).toBe(0.75);
    expect(problems.map((p) => p.setting)).toEqual(['sla_insale_hours', 'sla_warning_share', 'priority_core']);
    expect(problems[0]!.message).toMatch(/^sla_insale_hours: .*"two".*default 2/);
  });

  it('says what a valid value looks like, in words an admin understands', () => {
    const { problems } = parseSettings({ sla_presale_hours: '0', core_min_orders: '7.5', sla_warning_share: 'Infinity', worker_url: 'ftp://x', scene_field_id: 'abc', default_scene: 'repair' });
    const byKey = Object.fromEntries(problems.map((p) => [p.setting, p.message]));
    expect(byKey.sla_presale_hours).toContain('must be above 0 hours');
    expect(byKey.core_min_orders).toContain('must be a whole number');
    expect(byKey.sla_warning_share).toContain('must be a share between 0 and 1');
    expect(byKey.worker_url).toContain('must be an https URL (http only for localhost)');
    expect(byKey.scene_field_id).toContain('must be a ticket field id');
    expect(byKey.default_scene).toContain('must be one of presale, insale, aftersale');
  });

  it('takes an https worker_url, and plain http only to this machine', () => {
    const url = (worker_url: string) => parseSettings({ worker_url });
    expect(url('https://tierwise.example.workers.dev').settings.worker_url).toBe('https://tierwise.example.workers.dev');
    expect(url('http://127.0.0.1:8787/').settings.worker_url).toBe('http://127.0.0.1:8787');
    expect(url('http://localhost:8787').settings.worker_url).toBe('http://localhost:8787');
    for (const insecure of ['http://tierwise.example.workers.dev', 'http://127.0.0.1.example.com', 'http://localhost.example.com:8787']) {
      const { settings, problems } = url(insecure);
      expect(settings.worker_url, insecure).toBeNull();
      expect(problems.map((p) => p.setting), insecure).toEqual(['worker_url']);
    }
  });

  it('rejects thresholds that contradict each other', () => {
    const { settings, problems } = parseSettings({ escalation_l1_hours: 50, escalation_l2_hours: 48 });
    expect(problems).toHaveLength(1);
    expect(problems[0]!.setting).toBe('escalation_l2_hours');
    expect([settings.escalation_l1_hours, settings.escalation_l2_hours]).toEqual([24, 48]);
  });

  it('keeps solved tickets\' audit trail 365 days unless told otherwise, between 30 and 3650 whole days', () => {
    expect(DEFAULT_SETTINGS.audit_retention_days).toBe(365);
    expect(parseSettings({ audit_retention_days: '90' }).settings.audit_retention_days).toBe(90);
    for (const bad of ['7', '4000', '90.5', 'forever']) {
      const { settings, problems } = parseSettings({ audit_retention_days: bad });
      expect(settings.audit_retention_days).toBe(365);
      expect(problems.map((p) => p.setting)).toEqual(['audit_retention_days']);
    }
  });

  it('rejects a tag prefix that Zendesk tags cannot carry', () => {
    const { settings, problems } = parseSettings({ tag_prefix: 'Tier Wise!' });
    expect(settings.tag_prefix).toBe('tierwise');
    expect(problems[0]!.setting).toBe('tag_prefix');
  });

  it('carries each problem as a catalogue key and vars, worded in English and Chinese', () => {
    const { problems } = parseSettings({
      core_min_annual_spend: 'lots',
      orders_field: 'orders per year',
      alert_routes: 'l1 -> team\nl3 -> b',
      care_holidays: '2027-02-06 Spring Festival\n2027-13-01 Oops',
    });
    const bySetting = Object.fromEntries(problems.map((p) => [p.setting, p]));
    const amount = bySetting.core_min_annual_spend!;
    expect(amount).toMatchObject({ setting: 'core_min_annual_spend', value: 'lots', problem: { key: 'setting.amount', vars: { max: '1,000,000,000,000' } } });
    expect(amount.message).toBe('core_min_annual_spend: must be an amount from 0 to 1,000,000,000,000 (got "lots"); using the default 500000');
    expect(describeProblem(amount, 'zh-CN')).toBe('core_min_annual_spend：必须是 0 到 1,000,000,000,000 之间的金额（当前值 "lots"），已改用默认值 500000');

    const field = bySetting.orders_field!;
    expect(field.problem).toEqual({ key: 'setting.fieldKey', vars: {} });
    expect(field.message).toBe('orders_field: must be a field key: letters, digits and _ (got "orders per year"); using the default "orders_per_year"');
    expect(describeProblem(field, 'zh-CN')).toBe('orders_field：必须是字段键：字母、数字和 _（当前值 "orders per year"），已改用默认值 "orders_per_year"');

    const route = bySetting.alert_routes!;
    expect(route.problem).toMatchObject({ key: 'alertRoutes.unknownWord', vars: { line: 2, text: 'l3 -> b', word: 'l3' } });
    expect(route.message).toContain('alert_routes: line 2 ("l3 -> b"): "l3" is neither an alert kind');
    expect(describeProblem(route, 'zh-CN')).toContain('alert_routes：第 2 行（“l3 -> b”）：“l3”既不是提醒类型');

    const holiday = bySetting.care_holidays!;
    expect(holiday.problem).toEqual({ key: 'holidays.notDate', vars: { line: 2, text: '2027-13-01 Oops', date: '2027-13-01' } });
    expect(holiday.message).toContain('care_holidays: line 2 ("2027-13-01 Oops"): 2027-13-01 is not a calendar date');
    expect(describeProblem(holiday, 'zh-CN')).toContain('care_holidays：第 2 行（“2027-13-01 Oops”）：2027-13-01 不是有效的日历日期');
  });

  it('words a value no rule of ours describes as an invalid value', () => {
    const [problem] = parseSettings({ worker_token: 42 }).problems;
    expect(problem!.problem).toEqual({ key: 'setting.invalid', vars: {} });
    expect(problem!.message).toBe('worker_token: invalid value (got 42); using the default ""');
  });

  it('words a contradiction between two settings in both languages', () => {
    const [problem] = parseSettings({ escalation_l1_hours: 50, escalation_l2_hours: 48 }).problems;
    expect(problem!.problem).toEqual({ key: 'setting.belowOther', vars: { setting: 'escalation_l2_hours', value: '48', other: 'escalation_l1_hours', otherValue: '50' } });
    expect(problem!.message).toBe('escalation_l2_hours (48) must not be below escalation_l1_hours (50); using the defaults for both');
    expect(describeProblem(problem!, 'zh-CN')).toBe('escalation_l2_hours（48）不能小于 escalation_l1_hours（50），两者均已改用默认值');
  });

  it('has a default for every setting', () => {
    for (const key of SETTING_KEYS) expect(key in DEFAULT_SETTINGS).toBe(true);
  });
});
