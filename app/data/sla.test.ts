import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../shared/settings.ts';
import { buildSlaModel, ladder, slaReading } from './sla.ts';
import type { TicketSnapshot } from './ticket.ts';

const T0 = Date.UTC(2026, 10, 28, 8);
const MIN = 60_000;
const HOUR = 60 * MIN;

function ticket(patch: Partial<TicketSnapshot> = {}): TicketSnapshot {
  return { id: 1, createdAt: T0, status: 'open', priority: null, tags: [], assigneeId: null, requester: null, organization: null, sceneFieldValue: undefined, agentReplies: 0, locale: null, colorScheme: null, ...patch };
}

describe('SLA reading', () => {
  it('uses the tier and scene targets of shared/ (core 50% shorter)', () => {
    const core = buildSlaModel(ticket({ tags: ['scene_aftersale'] }), 'core', DEFAULT_SETTINGS, T0)!;
    expect(core.targetMs).toBe(2 * HOUR);
    expect(core.tierPriority).toBe('urgent');
    const basic = buildSlaModel(ticket({ sceneFieldValue: 'insale' }), 'basic', { ...DEFAULT_SETTINGS, scene_field_id: 9 }, T0)!;
    expect(basic.scene).toEqual({ scene: 'insale', source: 'field' });
    expect(basic.targetMs).toBe(2 * HOUR);
  });

  it('goes ok -> at-risk -> breached, and met / stopped end the clock', () => {
    const model = buildSlaModel(ticket(), 'potential', DEFAULT_SETTINGS, T0)!; // presale: 1 h, warning at 45 min
    expect(slaReading(model, T0 + 10 * MIN)).toEqual({ state: 'ok', remainingMs: 50 * MIN });
    expect(slaReading(model, T0 + 45 * MIN)).toEqual({ state: 'at-risk', remainingMs: 15 * MIN });
    expect(slaReading(model, T0 + 70 * MIN)).toEqual({ state: 'breached', remainingMs: -10 * MIN });
    expect(slaReading(buildSlaModel(ticket({ agentReplies: 1 }), 'potential', DEFAULT_SETTINGS, T0)!, T0 + 70 * MIN)).toEqual({ state: 'met', remainingMs: null });
    expect(slaReading(buildSlaModel(ticket({ status: 'closed' }), 'potential', DEFAULT_SETTINGS, T0)!, T0)).toEqual({ state: 'stopped', remainingMs: null });
  });

  it('builds the escalation ladder from tags, handling and status', () => {
    const now = T0 + 30 * HOUR;
    const open = buildSlaModel(ticket({ status: 'new' }), 'basic', DEFAULT_SETTINGS, now)!;
    expect(ladder(open, [], DEFAULT_SETTINGS, now)).toEqual([
      { step: 'l1', state: 'overdue', dueAt: T0 + 24 * HOUR },
      { step: 'l2', state: 'pending', dueAt: T0 + 48 * HOUR },
    ]);
    expect(ladder(open, ['tierwise_escalated_l1'], DEFAULT_SETTINGS, now)[0]!.state).toBe('done');
    const handled = buildSlaModel(ticket({ assigneeId: 5 }), 'basic', DEFAULT_SETTINGS, now)!;
    expect(ladder(handled, [], DEFAULT_SETTINGS, now)[0]!.state).toBe('not-needed');
    const pending = buildSlaModel(ticket({ status: 'pending', assigneeId: 5 }), 'basic', DEFAULT_SETTINGS, now)!;
    expect(ladder(pending, [], DEFAULT_SETTINGS, now)[1]).toEqual({ step: 'l2', state: 'paused', dueAt: null });
    const solved = buildSlaModel(ticket({ status: 'solved' }), 'basic', DEFAULT_SETTINGS, now)!;
    expect(ladder(solved, ['x_escalated_l2'], { ...DEFAULT_SETTINGS, tag_prefix: 'x' }, now).map((r) => r.state)).toEqual(['not-needed', 'done']);
  });

  it('has no clock without a creation time', () => {
    expect(buildSlaModel(ticket({ createdAt: null }), 'core', DEFAULT_SETTINGS, T0)).toBeNull();
  });
});
