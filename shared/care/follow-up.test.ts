import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../settings.ts';
import { readFollowUp, withFollowUp } from './follow-up.ts';

describe('a follow-up record from the solved task', () => {
  it('reads the method, the confirmation and the scores the form set as tags', () => {
    const tags = ['tierwise_care', 'tierwise_care_cadence', 'tierwise_method_visit', 'tierwise_confirmed', 'tierwise_score_communication_9', 'tierwise_score_added_value_1', 'tierwise_score_satisfaction_10'];
    expect(readFollowUp(tags, DEFAULT_SETTINGS)).toEqual({ method: 'visit', confirmed: true, scores: { communication: 9, added_value: 1, satisfaction: 10 } });
  });

  it('records nothing it cannot read: no method, unconfirmed, scores outside 1-10 or of another prefix ignored', () => {
    const tags = ['tierwise_method_fax', 'tierwise_score_timeliness_0', 'tierwise_score_timeliness_11', 'acme_score_resolution_5', 'tierwise_score_courtesy_7'];
    expect(readFollowUp(tags, DEFAULT_SETTINGS)).toEqual({ method: null, confirmed: false, scores: {} });
    expect(readFollowUp(['acme_method_phone', 'acme_score_resolution_5'], { tag_prefix: 'acme' })).toEqual({ method: 'phone', confirmed: false, scores: { resolution: 5 } });
  });
});

describe('a follow-up done is an interaction', () => {
  const day = Date.UTC(2026, 10, 20);
  it('moves the last interaction to the day of the follow-up, never back, and carries the next date it set', () => {
    expect(withFollowUp({ lastInteraction: day - 10 * 86_400_000 }, { doneAt: day + 15 * 3_600_000, nextDate: null })).toEqual({ lastInteraction: day, nextFollowUp: null });
    expect(withFollowUp({ lastInteraction: null }, { doneAt: day, nextDate: day + 7 * 86_400_000 })).toEqual({ lastInteraction: day, nextFollowUp: day + 7 * 86_400_000 });
    expect(withFollowUp({ lastInteraction: day + 86_400_000 }, { doneAt: day, nextDate: null })).toEqual({ lastInteraction: day + 86_400_000, nextFollowUp: null });
    expect(withFollowUp({ lastInteraction: null }, undefined)).toEqual({ lastInteraction: null });
  });
});
