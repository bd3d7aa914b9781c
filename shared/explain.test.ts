import { describe, expect, it } from 'vitest';
import { escalationNote } from './explain.ts';

const ctx = { tier: 'basic', scene: 'presale', targetHours: 0.5 / 60, hours: { l1: 24, l2: 48 }, groups: { l1: 'Supervisors', l2: 'Department heads' }, priority: 'urgent' } as const;

describe('escalationNote', () => {
  it('says the target with the same formatter as the sidebar, and how the L2 clock counts', () => {
    expect(escalationNote(['l1', 'l2'], ctx, 'en').split('\n')).toEqual([
      'Tierwise (Basic customer, pre-sales inquiry, first-response target 30 s)',
      'Not handled 24 h after creation: escalated to Supervisors (L1).',
      'Not solved 48 h (counted from creation or the last reopen, pending time excluded): escalated to Department heads (L2), priority urgent.',
    ]);
    expect(escalationNote(['l2'], { ...ctx, l2CountedFrom: 'reopen' }, 'en')).toContain('Not solved 48 h (counted from the last reopen, pending time excluded)');
  });

  it('writes the whole note in Chinese, priority included', () => {
    expect(escalationNote(['l2'], ctx, 'zh-CN').split('\n')).toEqual([
      'Tierwise (基础客户，售前咨询，首次响应目标 30 秒)',
      '48 小时 未解决（自创建或最近一次重新打开起计，不含待回应时间），已升级至Department heads（二级升级），优先级 紧急。',
    ]);
  });
});
