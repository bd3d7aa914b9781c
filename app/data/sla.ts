/**
 * The ticket's first-response countdown and escalation ladder as the sidebar shows them,
 * computed with the same shared/ code the worker uses (startClock, deadlines, stepApplies).
 *
 * The sidebar sees the ticket as it is now, not its history: it cannot know how long the
 * ticket was pending before, so the L2 clock shown here ignores earlier pauses (the worker's
 * clock, and its audit trail, are authoritative). While the ticket is pending L2 shows paused.
 */
import { isSolved, type Priority, type Scene, type Tier, type TicketStatus } from '../../shared/domain.ts';
import { tierPriority } from '../../shared/priority.ts';
import { resolveScene, type SceneResult } from '../../shared/scene.ts';
import type { Settings } from '../../shared/settings.ts';
import { deadlines, firstReplied, firstResponseTargetMs, startClock, stepApplies, type Deadlines, type TicketProgress } from '../../shared/sla.ts';
import { tagVocabulary } from '../../shared/tags.ts';
import type { TicketSnapshot } from './ticket.ts';

export type SlaState = 'ok' | 'at-risk' | 'breached' | 'met' | 'stopped';

export interface SlaModel {
  tier: Tier;
  scene: SceneResult;
  targetMs: number;
  deadlines: Deadlines;
  progress: TicketProgress;
  /** Tierwise's priority for this tier and scene. */
  tierPriority: Priority;
}

export interface SlaReading {
  state: SlaState;
  /** ms to the first-response deadline (negative once breached); null when the clock no longer runs. */
  remainingMs: number | null;
}

export function buildSlaModel(ticket: TicketSnapshot, tier: Tier, settings: Settings, now: number): SlaModel | null {
  if (ticket.createdAt === null) return null;
  const scene = resolveScene({ tags: ticket.tags, custom_fields: settings.scene_field_id === null ? [] : [{ id: settings.scene_field_id, value: ticket.sceneFieldValue }] }, settings);
  const clock = startClock(tier, scene.scene, ticket.createdAt, ticket.status, now);
  return {
    tier,
    scene,
    targetMs: firstResponseTargetMs(tier, scene.scene, settings),
    deadlines: deadlines(clock, settings),
    progress: { status: ticket.status, assigneeId: ticket.assigneeId, agentReplies: ticket.agentReplies },
    tierPriority: tierPriority(tier, scene.scene as Scene, settings),
  };
}

export function slaReading(model: SlaModel, now: number): SlaReading {
  if (isSolved(model.progress.status)) return { state: 'stopped', remainingMs: null };
  if (firstReplied(model.progress)) return { state: 'met', remainingMs: null };
  const remainingMs = model.deadlines.firstResponse - now;
  if (remainingMs <= 0) return { state: 'breached', remainingMs };
  if (now >= model.deadlines.atRisk) return { state: 'at-risk', remainingMs };
  return { state: 'ok', remainingMs };
}

export type RungState = 'done' | 'pending' | 'overdue' | 'not-needed' | 'paused';

export interface Rung {
  step: 'l1' | 'l2';
  state: RungState;
  dueAt: number | null;
}

/** L1 / L2: done when Tierwise's escalation tag is on the ticket, else pending, overdue, paused or not needed. */
export function ladder(model: SlaModel, tags: readonly string[], settings: Settings, now: number): Rung[] {
  const vocabulary = tagVocabulary(settings.tag_prefix);
  const status: TicketStatus = model.progress.status;
  const rung = (step: 'l1' | 'l2', dueAt: number | null, needed: boolean): Rung => {
    if (tags.includes(vocabulary.stepTag(step))) return { step, state: 'done', dueAt };
    if (!needed) return { step, state: 'not-needed', dueAt };
    if (dueAt === null) return { step, state: 'paused', dueAt };
    return { step, state: dueAt <= now ? 'overdue' : 'pending', dueAt };
  };
  return [
    rung('l1', model.deadlines.l1, stepApplies('l1', model.progress)),
    // L2 waits (paused) while pending, where stepApplies says no: only solving ends it.
    rung('l2', model.deadlines.l2, !isSolved(status)),
  ];
}
