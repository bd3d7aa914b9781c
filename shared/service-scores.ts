/**
 * The five service dimensions (docs/rules.md#service-quality), scored 1-10 from the figures where
 * ticket data measures them; the others wait for people's follow-up scores. Pure.
 *
 * A share s (0..1) scores 1 + 9 s, to one decimal: nobody served well scores 1, everyone 10.
 * - timeliness: first responses within the target, of those measured;
 * - resolution: first-contact resolution, solved tickets not reopened, of those solved;
 * - satisfaction: good CSAT ratings, of good and bad ones;
 * - communication, added value: no ticket data measures them: null, from follow-up records.
 */
import type { Dimension, DimensionScore, ServiceFigures } from './reports.ts';

function fromShare(part: number, whole: number): DimensionScore {
  if (whole <= 0) return { score: null, source: 'data' };
  return { score: Math.round((1 + (9 * part) / whole) * 10) / 10, source: 'data' };
}

const FOLLOW_UP: DimensionScore = { score: null, source: 'follow_up' };

export function dimensionScores(figures: ServiceFigures): Record<Dimension, DimensionScore> {
  return {
    timeliness: fromShare(figures.firstResponse.withinTarget, figures.firstResponse.measured),
    resolution: fromShare(figures.resolution.solved - figures.resolution.reopened, figures.resolution.solved),
    communication: FOLLOW_UP,
    added_value: FOLLOW_UP,
    satisfaction: fromShare(figures.satisfaction.good, figures.satisfaction.good + figures.satisfaction.bad),
  };
}

/** The plans' guideline share of customers per tier. */
export const TIER_GUIDELINE = { core: 0.1, potential: 0.3, basic: 0.6 } as const;
