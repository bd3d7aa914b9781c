/**
 * A bad CSAT rating the pull finds (docs/rules.md#care-cadence): a `bad_csat` chat alert and a
 * return call due within 24 hours, for the customer the rated ticket counts for. Handed over
 * before the pull records the rating, so a crash in between hands over again, and both sides
 * are idempotent (the outbox by key, the return call by its task key); a rating already
 * recorded as bad is not news.
 */
import { eventAlerts } from '../../../shared/alerts/alert.ts';
import type { CsatRating } from '../../../shared/care/plan.ts';
import type { Scene, Tier } from '../../../shared/domain.ts';
import type { Settings } from '../../../shared/settings.ts';
import type { Env } from '../env.ts';
import { log } from '../log.ts';
import { alertOutbox, careRunObject } from '../objects.ts';
import type { ReturnCall } from './care-run.ts';

export interface PulledRating {
  id: number;
  ticket_id: number;
  score: string;
  requester_id?: number | null;
  group_id?: number | null;
  assignee_id?: number | null;
  updated_at: string;
}

interface Known {
  ticket_id: number;
  score: string | null;
  tier: Tier | null;
  scene: Scene | null;
  customer_kind: 'organization' | 'user' | null;
  customer_id: number | null;
}

/** What D1 already knows of these tickets: the recorded score, and the facts of the ticket. */
const KNOWN = `SELECT t.value AS ticket_id, s.score, f.tier, f.scene, f.customer_kind, f.customer_id
  FROM json_each(?2) t
  LEFT JOIN satisfaction s ON s.account = ?1 AND s.ticket_id = t.value
  LEFT JOIN service_facts f ON f.account = ?1 AND f.ticket_id = t.value`;

/** Hands the newly bad ratings of a page over; answers how many were new. */
export async function handOverBadRatings(env: Env, account: string, ratings: readonly PulledRating[], settings: Settings): Promise<number> {
  const bad = ratings.filter((r) => r.score === 'bad');
  if (bad.length === 0) return 0;
  const { results } = await env.DB.prepare(KNOWN).bind(account, JSON.stringify(bad.map((r) => r.ticket_id))).all<Known>();
  const known = new Map(results.map((k) => [Number(k.ticket_id), k]));
  const fresh = bad.filter((r) => known.get(r.ticket_id)?.score !== 'bad');
  if (fresh.length === 0) return 0;
  const alerts = [];
  const calls: ReturnCall[] = [];
  for (const rating of fresh) {
    const facts = known.get(rating.ticket_id);
    const ratedAt = Date.parse(rating.updated_at) || Date.now();
    const requesterId = rating.requester_id ?? null;
    // The customer the ticket counts for (its organization, else the requester), as its facts say.
    const customer = facts?.customer_kind && facts.customer_id ? { kind: facts.customer_kind, id: facts.customer_id } : requesterId ? { kind: 'user' as const, id: requesterId } : null;
    alerts.push(...eventAlerts({ kind: 'bad_csat', ticketId: rating.ticket_id, id: ratedAt, tier: facts?.tier ?? null, scene: facts?.scene ?? null, at: ratedAt, lateMs: null, groupId: rating.group_id ?? null, assigneeId: rating.assignee_id ?? null }, settings));
    if (customer && requesterId) {
      const csat: CsatRating = { id: rating.id, ticketId: rating.ticket_id, score: 'bad', ratedAt, customer };
      calls.push({ rating: csat, requesterId });
    }
  }
  if (alerts.length > 0) await alertOutbox(env).enqueue(alerts);
  if (calls.length > 0) await careRunObject(env).returnCalls(calls);
  log.info('bad ratings handed over', { ratings: fresh.length, alerts: alerts.length, returnCalls: calls.length });
  return fresh.length;
}
