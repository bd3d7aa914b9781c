import { describe, expect, it } from 'vitest';
import dashboardEn from './dashboard/en.json';
import dashboardZhCN from './dashboard/zh-CN.json';
import './dashboard/index.ts';
import en from './en.json';
import zhCN from './zh-CN.json';
import { formatDuration, translate } from './index.ts';

describe('the catalogues', () => {
  const holes = (text: string) => [...text.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort();
  it.each([
    ['the core catalogue', en, zhCN],
    ["the dashboard's", dashboardEn, dashboardZhCN],
  ] as const)('%s says every sentence in both languages, with the same placeholders', (_, english: Record<string, string>, chinese: Record<string, string>) => {
    expect(Object.keys(chinese).sort()).toEqual(Object.keys(english).sort());
    for (const [key, text] of Object.entries(english)) expect(holes(chinese[key]!), key).toEqual(holes(text));
  });

  it("keep the dashboard's keys apart from the core's, so loading one never overwrites the other", () => {
    expect(Object.keys(dashboardEn).filter((key) => key in en)).toEqual([]);
  });

  it('give a loaded location its own sentences', () => {
    expect(translate('zh-CN', Object.keys(dashboardZhCN)[0] as keyof typeof dashboardEn)).toBe(Object.values(dashboardZhCN)[0]);
  });

  it('fill placeholders', () => {
    expect(translate('en', 'care.inDays', { label: 'Birthday', days: 3 })).toBe('Birthday in 3 days');
    expect(translate('zh-CN', 'care.inDays', { label: '生日', days: 3 })).toBe('3 天后是生日');
  });
});

describe('formatDuration', () => {
  it('says a length of time as a person would, from milliseconds', () => {
    const say = (ms: number) => formatDuration(ms, 'en');
    expect([say(45_000), say(30 * 60_000), say(24 * 3_600_000), say(90 * 60_000), say(0.02 * 3_600_000), say(0)]).toEqual(['45 s', '30 min', '24 h', '1 h 30 min', '1 min 12 s', '0 s']);
    expect([formatDuration(30 * 60_000, 'zh-CN'), formatDuration(48 * 3_600_000, 'zh-CN'), formatDuration(45_000, 'zh-CN'), formatDuration(90 * 60_000, 'zh-CN')]).toEqual(['30 分钟', '48 小时', '45 秒', '1 小时 30 分钟']);
  });
});
