/**
 * The five service dimensions (docs/rules.md#service-quality), scored 1-10 from the figures where
 * ticket data measures them; the others wait for people's follow-up scores. Pure.
 *
 * A share s (0..1) scores 1 + 9 s, to one decimal: nobody served well scores 1, everyone 10.
 * - timeliness: first responses within the target, of those measured;
 * - resolution: first-contact resolution, solved tickets not reopened, of those solved;
 * - satisfaction: good CSAT ratings, of good and bad ones;
 * - communication, added value: no ticket data measures them: the mean of people's 1-10 scores in
 *   the follow-ups done in the period (shared/care/follow-up.ts), null while nobody scored them.
 */
import type { Dimension, DimensionScore, ServiceFigures } from './reports.ts';

function fromShare(part: number, whole: number): DimensionScore {
  if (whole <= 0) return { score: null, source: 'data' };
  return { score: Math.round((1 + (9 * part) / whole) * 10) / 10, source: 'data' };
}

/** The dimensions only people's follow-up scores measure. */
export const SCORED_DIMENSIONS = ['communication', 'added_value'] as const satisfies readonly Dimension[];
export type ScoredDimension = (typeof SCORED_DIMENSIONS)[number];

/** One tier's follow-up scores in a period: their mean and how many, per scored dimension. */
export type FollowUpScores = Partial<Record<ScoredDimension, { mean: number; count: number }>>;

function fromFollowUps(scores: { mean: number; count: number } | undefined): DimensionScore {
  if (!scores || scores.count <= 0) return { score: null, source: 'follow_up' };
  return { score: Math.round(scores.mean * 10) / 10, source: 'follow_up' };
}

export function dimensionScores(figures: ServiceFigures, followUps: FollowUpScores = {}): Record<Dimension, DimensionScore> {
  return {
    timeliness: fromShare(figures.firstResponse.withinTarget, figures.firstResponse.measured),
    resolution: fromShare(figures.resolution.solved - figures.resolution.reopened, figures.resolution.solved),
    communication: fromFollowUps(followUps.communication),
    added_value: fromFollowUps(followUps.added_value),
    satisfaction: fromShare(figures.satisfaction.good, figures.satisfaction.good + figures.satisfaction.bad),
  };
}

/** The plans' guideline share of customers per tier. */
export const TIER_GUIDELINE = { core: 0.1, potential: 0.3, basic: 0.6 } as const;
