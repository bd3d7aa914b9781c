import { describe, expect, it } from 'vitest';
import { planTicketChange } from './plan.ts';
import { parseSettings, DEFAULT_SETTINGS } from './settings.ts';
import { resolveScene } from './scene.ts';
import { tierPriority } from './priority.ts';

const ticket = (over: Partial<{ priority: 'low' | 'normal' | 'high' | 'urgent' | null; tags: string[]; groupId: number | null }> = {}) => ({ priority: null, tags: [], groupId: 1, ...over });

describe('priority policy', () => {
  it('maps tier x scene to a priority, raising after-sales faults one step', () => {
    expect(tierPriority('core', 'presale', DEFAULT_SETTINGS)).toBe('high');
    expect(tierPriority('core', 'aftersale', DEFAULT_SETTINGS)).toBe('urgent');
    expect(tierPriority('potential', 'insale', DEFAULT_SETTINGS)).toBe('normal');
    expect(tierPriority('basic', 'aftersale', DEFAULT_SETTINGS)).toBe('normal');
    const { settings } = parseSettings({ priority_aftersale_raise: false, priority_basic: 'normal' });
    expect(tierPriority('basic', 'aftersale', settings)).toBe('normal');
    expect(tierPriority('basic', 'presale', settings)).toBe('normal');
  });
});

describe('planTicketChange', () => {
  it('sets the tier priority and tier tag on a new core ticket', () => {
    expect(planTicketChange({ ticket: ticket({ tags: ['vip'] }), tier: 'core', scene: 'presale', settings: DEFAULT_SETTINGS })).toEqual({ priority: 'high', tags: ['vip', 'tierwise_tier_core'] });
  });

  it('never lowers a priority an agent raised', () => {
    expect(planTicketChange({ ticket: ticket({ priority: 'urgent', tags: ['tierwise_tier_basic'] }), tier: 'basic', scene: 'presale', settings: DEFAULT_SETTINGS })).toBeNull();
  });

  it('changes nothing when the ticket already matches', () => {
    expect(planTicketChange({ ticket: ticket({ priority: 'high', tags: ['tierwise_tier_core'] }), tier: 'core', scene: 'presale', settings: DEFAULT_SETTINGS })).toBeNull();
  });

  it('replaces a stale tier tag when the tier changes, keeping the agent tags', () => {
    const change = planTicketChange({ ticket: ticket({ priority: 'low', tags: ['billing', 'tierwise_tier_basic'] }), tier: 'potential', scene: 'insale', settings: DEFAULT_SETTINGS });
    expect(change).toEqual({ priority: 'normal', tags: ['billing', 'tierwise_tier_potential'] });
  });

  it('leaves the priority alone once the tier priority was applied', () => {
    expect(planTicketChange({ ticket: ticket({ priority: 'low', tags: ['tierwise_tier_core'] }), tier: 'core', scene: 'presale', settings: DEFAULT_SETTINGS, applyTierPriority: false })).toBeNull();
  });

  it('uses the configured tag prefix', () => {
    const { settings } = parseSettings({ tag_prefix: 'tw' });
    expect(planTicketChange({ ticket: ticket({ priority: 'high' }), tier: 'core', scene: 'presale', settings })).toEqual({ tags: ['tw_tier_core'] });
  });

  it('escalates L1 to the supervisors with a tag and an internal note', () => {
    const change = planTicketChange({ ticket: ticket({ priority: 'low', tags: ['tierwise_tier_basic'] }), tier: 'basic', scene: 'presale', settings: DEFAULT_SETTINGS, applyTierPriority: false, steps: ['l1'], groupIds: { l1: 20, l2: 30 } });
    expect(change).toMatchObject({ group_id: 20, tags: ['tierwise_tier_basic', 'tierwise_escalated_l1'], comment: { public: false } });
    expect(change?.priority).toBeUndefined();
    expect(change?.comment?.body).toContain('escalated to Supervisors (L1)');
  });

  it('escalates L2 by moving to the department heads at urgent when set to move, in Chinese when asked', () => {
    const { settings } = parseSettings({ escalation_l2_mode: 'move' });
    const change = planTicketChange({ ticket: ticket({ priority: 'low', tags: ['tierwise_tier_basic', 'tierwise_escalated_l1'], groupId: 20 }), tier: 'basic', scene: 'presale', settings, applyTierPriority: false, steps: ['l2'], groupIds: { l1: 20, l2: 30 }, locale: 'zh-CN' });
    expect(change).toMatchObject({ group_id: 30, priority: 'urgent', tags: ['tierwise_tier_basic', 'tierwise_escalated_l1', 'tierwise_escalated_l2'] });
    expect(change?.comment?.body).toContain('已升级至Department heads（二级升级）');
  });

  it('escalates L2 by bringing the department heads in as followers by default, in Chinese when asked', () => {
    const change = planTicketChange({ ticket: ticket({ priority: 'low', tags: ['tierwise_tier_basic', 'tierwise_escalated_l1'], groupId: 20 }), tier: 'basic', scene: 'presale', settings: DEFAULT_SETTINGS, applyTierPriority: false, steps: ['l2'], groupIds: { l1: 20, l2: 30 }, members: { l2: [31, 32] }, locale: 'zh-CN' });
    expect(change).toMatchObject({ priority: 'urgent', followers: [{ user_id: 31, action: 'put' }, { user_id: 32, action: 'put' }] });
    expect(change).not.toHaveProperty('group_id');
    expect(change?.comment?.body).toContain('已请Department heads关注此工单（二级升级）');
  });
});

describe('resolveScene', () => {
  it('reads the scene field, then a scene tag, then the default', () => {
    const { settings } = parseSettings({ scene_field_id: 77, default_scene: 'insale' });
    expect(resolveScene({ custom_fields: [{ id: 77, value: 'scene_aftersale' }], tags: ['scene_presale'] }, settings)).toEqual({ scene: 'aftersale', source: 'field' });
    expect(resolveScene({ custom_fields: [{ id: 77, value: null }], tags: ['x', 'scene_presale'] }, settings)).toEqual({ scene: 'presale', source: 'tag' });
    expect(resolveScene({ tags: ['presale_question'] }, settings)).toEqual({ scene: 'insale', source: 'default' });
  });
});

describe('durations in notes', () => {
  it('says fractional hours as minutes, as a person would', () => {
    const { settings } = parseSettings({ escalation_l1_hours: 1 / 60 });
    const change = planTicketChange({ ticket: ticket({ tags: ['tierwise_tier_basic'] }), tier: 'basic', scene: 'presale', settings, steps: ['l1'], groupIds: { l1: 2, l2: 3 }, applyTierPriority: false });
    expect(change?.comment?.body).toContain('Not handled 1 min after creation');
  });
});
