/**
 * What Tierwise knows about a ticket, in one shape for every reader (the sidebar, a dashboard,
 * the care cadence, chat alerts): tier and why, scene and from where, the first-response target
 * and deadlines, the steps taken and when, the first reply, solved and reopened.
 */
import type { Scene, TicketStatus, Tier } from '../domain.ts';
import type { SceneResult } from '../scene.ts';
import type { Settings } from '../settings.ts';
import { deadlines, firstReplied, firstResponseTargetMs, type Deadlines } from '../sla.ts';
import type { TierReason, TierResult } from '../tier.ts';
import { wakeAt, type TakenStep, type TicketRecord } from './record.ts';

export interface TicketFacts {
  ticketId: number;
  tier: Tier;
  tierReason: TierReason;
  scene: Scene;
  sceneSource: SceneResult['source'];
  /** The first-response target for this tier and scene (ms). */
  targetMs: number;
  deadlines: Deadlines | null;
  status: TicketStatus | null;
  firstReplied: boolean;
  /** When Tierwise first saw an agent reply (ms), when it knows. */
  firstReplySeenAt: number | null;
  /** Every step taken, in order, with when. */
  steps: TakenStep[];
  solvedAt: number | null;
  reopenedAt: number | null;
  /** The next deadline Tierwise watches, or null. */
  nextDeadlineAt: number | null;
}

export function factsOf(ticketId: number, record: TicketRecord, tier: TierResult, scene: SceneResult, settings: Settings): TicketFacts {
  return {
    ticketId,
    tier: tier.tier,
    tierReason: tier.reason,
    scene: scene.scene,
    sceneSource: scene.source,
    targetMs: firstResponseTargetMs(tier.tier, scene.scene, settings),
    deadlines: record.clock ? deadlines(record.clock, settings) : null,
    status: record.status,
    firstReplied: firstReplied(record),
    firstReplySeenAt: record.firstReplySeenAt,
    steps: record.taken,
    solvedAt: record.solvedAt,
    reopenedAt: record.reopenedAt,
    nextDeadlineAt: wakeAt(record, settings),
  };
}
