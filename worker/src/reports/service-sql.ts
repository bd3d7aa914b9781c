/**
 * The SQL behind the reports API's reads of the raw facts (worker/migrations/0006_service_facts.sql):
 * the top customers' figures and the backlog (the rest comes from the daily rollups, service-rollups.ts). Every figure is
 * aggregated in D1: counts with SUM/COUNT, medians and 90th percentiles with window functions
 * (nearest rank: the smallest value whose rank r has r >= p n), so no ticket row leaves the
 * database. Plain strings without platform types, so the bench can EXPLAIN them too.
 */

/** Which tickets a grouping counts and the key it groups them by (SQL over `f`, the facts row). */
export interface Grouping {
  key: string;
  /** Conditions with numbered parameters (?1, ?2 ...), used more than once in a statement. */
  where: string;
  binds: unknown[];
}

const FROM = `FROM service_facts f LEFT JOIN satisfaction s ON s.account = f.account AND s.ticket_id = f.ticket_id`;

export function groupingSql(g: Pick<Grouping, 'key' | 'where'>): { counts: string; reasons: string; percentiles: string } {
  return {
    counts: `SELECT ${g.key} AS k, COUNT(*) AS tickets,
      SUM(f.first_response_met IS NOT NULL) AS measured, SUM(f.first_response_met = 1) AS within_target,
      MIN(f.target_ms) AS min_target, MAX(f.target_ms) AS max_target,
      SUM(f.at_risk_at_ms IS NOT NULL) AS at_risk, SUM(f.breached_at_ms IS NOT NULL) AS breached,
      SUM(f.l1_at_ms IS NOT NULL) AS l1, SUM(f.l2_at_ms IS NOT NULL) AS l2,
      SUM(f.solved_at_ms IS NOT NULL) AS solved, SUM(f.solved_at_ms IS NOT NULL AND f.reopens > 0) AS reopened,
      SUM(s.score IS NOT NULL) AS offered, SUM(s.score = 'good') AS good, SUM(s.score = 'bad') AS bad
    ${FROM} WHERE ${g.where} GROUP BY k`,
    reasons: `SELECT ${g.key} AS k, s.reason_code AS reason_code, COUNT(*) AS n
    ${FROM} WHERE ${g.where} AND s.score = 'bad' AND s.reason_code IS NOT NULL GROUP BY k, s.reason_code`,
    percentiles: `WITH d AS (
      SELECT ${g.key} AS k, 'reply' AS m, f.first_reply_at_ms - f.created_at_ms AS v FROM service_facts f WHERE ${g.where} AND f.first_reply_at_ms IS NOT NULL
      UNION ALL
      SELECT ${g.key} AS k, 'solve' AS m, f.solved_at_ms - f.created_at_ms AS v FROM service_facts f WHERE ${g.where} AND f.solved_at_ms IS NOT NULL
    ), r AS (
      SELECT k, m, v, ROW_NUMBER() OVER (PARTITION BY k, m ORDER BY v) AS rn, COUNT(*) OVER (PARTITION BY k, m) AS n FROM d
    )
    SELECT k, m, MIN(CASE WHEN 2 * rn >= n THEN v END) AS p50, MIN(CASE WHEN 10 * rn >= 9 * n THEN v END) AS p90 FROM r GROUP BY k, m`,
  };
}

/**
 * The top customers' tickets in a period (?2, ?3): organizations' ids in ?4, users' in ?5 (JSON
 * arrays). The kind and id lists come first so SQLite reads them through the customer index
 * (account, customer_kind, customer_id, created_at_ms), only the top customers' tickets, not the period's.
 */
export const TOP_CUSTOMERS_WHERE = `f.account = ?1 AND f.customer_kind IN ('organization', 'user')
  AND f.customer_id IN (SELECT value FROM json_each(?4) UNION ALL SELECT value FROM json_each(?5))
  AND f.created_at_ms >= ?2 AND f.created_at_ms < ?3 AND (
  (f.customer_kind = 'organization' AND f.customer_id IN (SELECT value FROM json_each(?4))) OR
  (f.customer_kind = 'user' AND f.customer_id IN (SELECT value FROM json_each(?5))))`;

/** Open tickets at the end of a period (?2), by tier and age: still open now, or solved after it. */
export const BACKLOG_SQL = `SELECT tier,
    SUM(age < 86400000) AS under_one, SUM(age >= 86400000 AND age < 259200000) AS one_to_three,
    SUM(age >= 259200000 AND age < 604800000) AS three_to_seven, SUM(age >= 604800000) AS over_seven
  FROM (
    SELECT tier, ?2 - created_at_ms AS age FROM service_facts WHERE account = ?1 AND solved_at_ms IS NULL AND created_at_ms < ?2
    UNION ALL
    SELECT tier, ?2 - created_at_ms AS age FROM service_facts WHERE account = ?1 AND solved_at_ms >= ?2 AND created_at_ms < ?2
  ) GROUP BY tier`;

/** Rollup rows of an account's days [?2, ?3) that count a ticket. */
export const ROLLUP_SQL = `SELECT day, tier, scene, target_ms, tickets, measured, within_target, at_risk, breached, l1, l2, solved, reopened, offered, good, bad,
  reasons, reply_hist, solve_hist FROM service_rollup WHERE account = ?1 AND day >= ?2 AND day < ?3 AND tickets > 0`;

/**
 * People's follow-up scores per tier, over the follow-ups done in the period (migrations/0015):
 * the dimensions no ticket data measures. AVG and COUNT skip the unscored (NULL) ones.
 */
export const FOLLOW_UP_SCORES_SQL = `SELECT tier, AVG(communication) AS communication, COUNT(communication) AS communication_n,
  AVG(added_value) AS added_value, COUNT(added_value) AS added_value_n
  FROM follow_ups WHERE account = ?1 AND done_at_ms >= ?2 AND done_at_ms < ?3 AND tier IS NOT NULL GROUP BY tier`;
