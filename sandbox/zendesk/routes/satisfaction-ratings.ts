// /api/v2/satisfaction_ratings: Zendesk's legacy CSAT ratings, as its Satisfaction Ratings API
// documents them: admins only, cursor or offset pagination, filters `score` (offered, unoffered,
// received, good, bad, each with _with_comment / _without_comment for received, good and bad)
// and `start_time` / `end_time` (Unix epoch seconds, on the rating's created_at).
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv, Deps } from '../context.ts';
import { ApiError, notFound } from '../errors.ts';
import { paginate } from '../pagination.ts';
import type { SimulatorStore } from '../store.ts';
import { isoSeconds, parseTime } from '../time.ts';
import type { SatisfactionRating, SatisfactionScore } from '../types.ts';
import { idParam } from './util.ts';

const BASE_SCORES = ['offered', 'unoffered', 'received', 'good', 'bad'] as const;
const WITH_COMMENT = ['received', 'good', 'bad'] as const;
export const SCORE_FILTERS: readonly string[] = [...BASE_SCORES, ...WITH_COMMENT.flatMap((s) => [`${s}_with_comment`, `${s}_without_comment`])];

function matchesScore(rating: SatisfactionRating, filter: string): boolean {
  const [base, comment] = filter.split(/_(with(?:out)?_comment)$/);
  const scoreOk = base === 'received' ? rating.score === 'good' || rating.score === 'bad' : rating.score === base;
  if (!scoreOk || comment === undefined) return scoreOk;
  const hasComment = rating.comment !== null && rating.comment !== '';
  return comment === 'with_comment' ? hasComment : !hasComment;
}

function epochParam(value: string | undefined, name: string): number | null {
  if (value === undefined || value === '') return null;
  if (!/^\d{1,12}$/.test(value)) throw new ApiError(400, { error: 'InvalidParameter', description: `${name} must be a Unix epoch time in seconds` });
  return Number(value) * 1000;
}

export function satisfactionRatingRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { store } = deps;
  const present = (r: SatisfactionRating) => ({ url: `${deps.baseUrl()}/api/v2/satisfaction_ratings/${r.id}.json`, ...r });

  app.get('/satisfaction_ratings', (c) => {
    const score = c.req.query('score');
    if (score !== undefined && !SCORE_FILTERS.includes(score)) {
      throw new ApiError(400, { error: 'InvalidParameter', description: `score must be one of ${SCORE_FILTERS.join(', ')}` });
    }
    const start = epochParam(c.req.query('start_time'), 'start_time');
    const end = epochParam(c.req.query('end_time'), 'end_time');
    const list = [...store.satisfactionRatings.values()].filter((r) => {
      const created = parseTime(r.created_at)!;
      return (score === undefined || matchesScore(r, score)) && (start === null || created >= start) && (end === null || created <= end);
    });
    return c.json(paginate(c, list, 'satisfaction_ratings', present, deps.baseUrl()));
  });

  app.get('/satisfaction_ratings/:id{[0-9]+}', (c) => {
    const rating = store.satisfactionRatings.get(idParam(c));
    if (!rating) throw notFound();
    return c.json({ satisfaction_rating: present(rating) });
  });

  return app;
}

export const ratingInputSchema = z.object({
  ticket_id: z.number().int().positive(),
  score: z.enum(['offered', 'unoffered', 'good', 'bad'] satisfies SatisfactionScore[]),
  comment: z.string().nullable().optional(),
  reason_code: z.number().int().min(0).nullable().optional(),
  created_at: z.string().optional(),
  updated_at: z.string().optional(),
});

function isoTime(value: string | undefined, fallback: string): string {
  if (value === undefined) return fallback;
  const ms = parseTime(value);
  if (ms === null) throw new ApiError(400, { error: 'InvalidParameter', description: 'created_at / updated_at must be ISO 8601 times' });
  return isoSeconds(ms);
}

/**
 * Rates a ticket (the simulator's control API; in Zendesk the requester rates through the
 * survey). One rating per ticket, as in Zendesk: rating again updates it.
 */
export function rateTicket(store: SimulatorStore, input: z.infer<typeof ratingInputSchema>): SatisfactionRating {
  const ticket = store.tickets.get(input.ticket_id);
  if (!ticket) throw notFound();
  const now = isoSeconds(store.now());
  const existing = [...store.satisfactionRatings.values()].find((r) => r.ticket_id === ticket.id);
  const createdAt = existing?.created_at ?? isoTime(input.created_at, now);
  const rating: SatisfactionRating = {
    id: existing?.id ?? store.nextId('satisfaction_rating'),
    assignee_id: ticket.assignee_id,
    group_id: ticket.group_id,
    requester_id: ticket.requester_id,
    ticket_id: ticket.id,
    score: input.score,
    comment: input.comment ?? null,
    reason: input.score === 'bad' && input.reason_code != null ? `Reason ${input.reason_code}` : null,
    reason_id: null,
    reason_code: input.score === 'bad' ? (input.reason_code ?? null) : null,
    created_at: createdAt,
    updated_at: isoTime(input.updated_at, isoTime(input.created_at, now)),
  };
  store.satisfactionRatings.set(rating.id, rating);
  return rating;
}
