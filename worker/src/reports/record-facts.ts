/**
 * Keeps a ticket's service facts (worker/migrations/0006_service_facts.sql) in step, from the run
 * that recorded its decision: no Zendesk call of its own. Like the ticket_state index, it writes
 * only when a fact changed: the last facts written are kept in the object's own storage.
 */
import type { TicketFacts } from '../../../shared/decision/facts.ts';
import { customerFactsOf, serviceFactsOf, type CustomerFactsRow, type ServiceFactsRow, type TicketIds, type TicketMetricSet } from '../../../shared/service-facts.ts';
import type { Settings } from '../../../shared/settings.ts';
import type { CustomerData } from '../../../shared/tier.ts';
import type { Env } from '../env.ts';
import { accountKey } from '../zendesk/account-key.ts';

export interface FactsRun {
  facts: TicketFacts;
  ticket: TicketIds;
  metrics: TicketMetricSet | null;
  customer: CustomerData;
  settings: Settings;
  now: number;
}

const STORAGE_KEY = 'serviceFacts';

/** What the object keeps between runs: the last metric set read (runs without a read reuse it) and the facts last written. */
interface Kept {
  metrics: TicketMetricSet | null;
  metricsReadAt: number | null;
  written: { row: ServiceFactsRow; customer: CustomerFactsRow | null } | null;
}

/**
 * What the run must write for its facts: D1 statements (none when no fact changed) and, once they
 * are written, what the object keeps (`keep`, null when unchanged). The caller writes both with
 * its other writes, the statements first: kept facts never claim a row D1 does not have.
 */
export async function serviceFactsWrites(env: Env, storage: DurableObjectStorage, run: FactsRun): Promise<{ statements: D1PreparedStatement[]; keep: { key: string; value: Kept } | null }> {
  const kept = (await storage.get<Kept>(STORAGE_KEY)) ?? { metrics: null, metricsReadAt: null, written: null };
  const metrics = run.metrics ?? kept.metrics;
  const metricsReadAt = run.metrics ? run.now : kept.metricsReadAt;
  const row = serviceFactsOf({ ...run, metrics, metricsReadAt });
  const written = { row, customer: customerFactsOf(row, run.customer, run.settings) };
  const next: Kept = { metrics, metricsReadAt, written };
  const statements = JSON.stringify(kept.written) !== JSON.stringify(written) ? factsStatements(env.DB, accountKey(env), written.row, written.customer, run.now) : [];
  return { statements, keep: JSON.stringify(kept) !== JSON.stringify(next) ? { key: STORAGE_KEY, value: next } : null };
}

const FACTS_SQL = `INSERT INTO service_facts (account, ticket_id, created_at_ms, tier_at_creation, scene_at_creation, tier, scene, requester_id, organization_id,
  customer_kind, customer_id, status, target_ms, first_reply_at_ms, first_reply_source, first_response_met, at_risk_at_ms, breached_at_ms, l1_at_ms, l2_at_ms,
  solved_at_ms, reopens, reopened_at_ms, written_at_ms)
VALUES (?1, ?2, ?3, ?4, ?5, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)
ON CONFLICT (account, ticket_id) DO UPDATE SET created_at_ms = excluded.created_at_ms, tier = excluded.tier, scene = excluded.scene,
  requester_id = excluded.requester_id, organization_id = excluded.organization_id, customer_kind = excluded.customer_kind, customer_id = excluded.customer_id,
  status = excluded.status, target_ms = excluded.target_ms, first_reply_at_ms = excluded.first_reply_at_ms, first_reply_source = excluded.first_reply_source,
  first_response_met = excluded.first_response_met, at_risk_at_ms = excluded.at_risk_at_ms, breached_at_ms = excluded.breached_at_ms, l1_at_ms = excluded.l1_at_ms,
  l2_at_ms = excluded.l2_at_ms, solved_at_ms = excluded.solved_at_ms, reopens = excluded.reopens, reopened_at_ms = excluded.reopened_at_ms,
  written_at_ms = excluded.written_at_ms`;

const CUSTOMER_SQL = `INSERT INTO customer_facts (account, kind, customer_id, tier, annual_spend, last_interaction_ms, last_ticket_at_ms, written_at_ms)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (account, kind, customer_id) DO UPDATE SET tier = excluded.tier, annual_spend = excluded.annual_spend,
  last_interaction_ms = excluded.last_interaction_ms, last_ticket_at_ms = MAX(last_ticket_at_ms, excluded.last_ticket_at_ms), written_at_ms = excluded.written_at_ms`;

const flag = (value: boolean | null): number | null => (value === null ? null : value ? 1 : 0);

/** One ticket's facts (and its customer's) in one D1 batch. Also used to load rows in bulk (history, bench). */
export async function writeFacts(db: D1Database, account: string, row: ServiceFactsRow, customer: CustomerFactsRow | null, now: number): Promise<void> {
  await db.batch(factsStatements(db, account, row, customer, now));
}

function factsStatements(db: D1Database, account: string, row: ServiceFactsRow, customer: CustomerFactsRow | null, now: number): D1PreparedStatement[] {
  return [factsStatement(db, account, row, now), ...(customer ? [customerStatement(db, account, customer, now)] : [])];
}

export function factsStatement(db: D1Database, account: string, row: ServiceFactsRow, now: number): D1PreparedStatement {
  return db.prepare(FACTS_SQL).bind(
    account, row.ticketId, row.createdAtMs, row.tier, row.scene, row.requesterId, row.organizationId, row.customerKind, row.customerId, row.status,
    row.targetMs, row.firstReplyAtMs, row.firstReplySource, flag(row.firstResponseMet), row.atRiskAtMs, row.breachedAtMs, row.l1AtMs, row.l2AtMs,
    row.solvedAtMs, row.reopens, row.reopenedAtMs, now,
  );
}

export function customerStatement(db: D1Database, account: string, customer: CustomerFactsRow, now: number): D1PreparedStatement {
  return db.prepare(CUSTOMER_SQL).bind(account, customer.kind, customer.customerId, customer.tier, customer.annualSpend, customer.lastInteractionMs, customer.lastTicketAtMs, now);
}
