/**
 * The SQL behind the reports API's reads of the raw facts (worker/migrations/0006_service_facts.sql):
 * the top customers' figures and the backlog's recent tickets (the rest comes from the rollups, service-rollups.ts). Every figure is
 * aggregated in D1: counts with SUM/COUNT, medians and 90th percentiles with window functions
 * (nearest rank: the smallest value whose rank r has r >= p n), so no ticket row leaves the
 * database. Plain strings without platform types, so the bench can EXPLAIN them too.
 */
import { DAY_MS } from '../../../shared/report-period.ts';
import { rollupSpans } from '../../../shared/service-rollup.ts';

/** Which tickets a grouping counts and the key it groups them by (SQL over `f`, the facts row). */
export interface Grouping {
  /** Common table expressions the conditions use (`name AS (...)`, comma-separated). */
  with?: string;
  key: string;
  /** Conditions with numbered parameters (?1, ?2 ...), used more than once in a statement. */
  where: string;
  binds: unknown[];
}

/**
 * One statement per grouping: the group's tickets are read once (t, with their rating), then three
 * kinds of rows come out in the same columns, told apart by `part`:
 * - 'counts': c1..c14 = tickets, measured, within target, min and max target, at risk, breached,
 *   L1, L2, solved, reopened, CSAT offered, good, bad;
 * - 'reason': c1 = a bad rating's reason code, c2 = how many;
 * - 'reply' / 'solve': c1 = the median, c2 = the 90th percentile of that duration.
 * (Three statements read the tickets three times; with a branch per duration SQLite even read the
 * solved ones through the period index, every ticket of the period.)
 */
export function groupingSql(g: Pick<Grouping, 'with' | 'key' | 'where'>): string {
  const none = (n: number) => Array.from({ length: n }, () => 'NULL').join(', ');
  return `WITH ${g.with ? `${g.with}, ` : ''}t AS MATERIALIZED (
      SELECT ${g.key} AS k, f.target_ms, f.first_response_met, f.at_risk_at_ms IS NOT NULL AS at_risk, f.breached_at_ms IS NOT NULL AS breached,
        f.l1_at_ms IS NOT NULL AS l1, f.l2_at_ms IS NOT NULL AS l2, f.solved_at_ms IS NOT NULL AND f.reopens > 0 AS reopened,
        f.first_reply_at_ms - f.created_at_ms AS reply, f.solved_at_ms - f.created_at_ms AS solve, s.score, s.reason_code
      FROM service_facts f LEFT JOIN satisfaction s ON s.account = f.account AND s.ticket_id = f.ticket_id WHERE ${g.where}
    ), d AS (
      SELECT k, 'reply' AS m, reply AS v FROM t WHERE reply IS NOT NULL
      UNION ALL
      SELECT k, 'solve' AS m, solve AS v FROM t WHERE solve IS NOT NULL
    ), r AS (
      SELECT k, m, v, ROW_NUMBER() OVER (PARTITION BY k, m ORDER BY v) AS rn, COUNT(*) OVER (PARTITION BY k, m) AS n FROM d
    )
    SELECT 'counts' AS part, k, COUNT(*) AS c1, SUM(first_response_met IS NOT NULL) AS c2, SUM(first_response_met = 1) AS c3, MIN(target_ms) AS c4, MAX(target_ms) AS c5,
      SUM(at_risk) AS c6, SUM(breached) AS c7, SUM(l1) AS c8, SUM(l2) AS c9, SUM(solve IS NOT NULL) AS c10, SUM(reopened) AS c11,
      SUM(score IS NOT NULL) AS c12, SUM(score = 'good') AS c13, SUM(score = 'bad') AS c14
    FROM t GROUP BY k
    UNION ALL
    SELECT 'reason', k, reason_code, COUNT(*), ${none(12)} FROM t WHERE score = 'bad' AND reason_code IS NOT NULL GROUP BY k, reason_code
    UNION ALL
    SELECT m, k, MIN(CASE WHEN 2 * rn >= n THEN v END), MIN(CASE WHEN 10 * rn >= 9 * n THEN v END), ${none(12)} FROM r GROUP BY k, m`;
}

/** The account's top customers by annual spend (?2 of them), as the report lists them. */
export const TOP_CUSTOMERS_SQL = `SELECT kind, customer_id, tier, annual_spend FROM customer_facts
  WHERE account = ?1 AND annual_spend IS NOT NULL ORDER BY annual_spend DESC, customer_id LIMIT ?2`;

/**
 * The top customers' tickets in a period (?2, ?3): the customers are the first ?4 by annual spend
 * (TOP_CUSTOMERS_WITH's `top`, the same order as TOP_CUSTOMERS_SQL), so the figures go out in the
 * report's one batch. The kind and id lists come first so SQLite reads them through the customer
 * index (account, customer_kind, customer_id, created_at_ms), only the top customers' tickets, not
 * the period's.
 */
export const TOP_CUSTOMERS_WITH = `top AS MATERIALIZED (SELECT kind, customer_id FROM customer_facts
  WHERE account = ?1 AND annual_spend IS NOT NULL ORDER BY annual_spend DESC, customer_id LIMIT ?4)`;
export const TOP_CUSTOMERS_WHERE = `f.account = ?1 AND f.customer_kind IN ('organization', 'user')
  AND f.customer_id IN (SELECT customer_id FROM top)
  AND f.created_at_ms >= ?2 AND f.created_at_ms < ?3 AND (f.customer_kind, f.customer_id) IN (SELECT kind, customer_id FROM top)`;

/**
 * Open tickets at the end of a period (?2), by tier and age: still open now, or solved after it.
 * Tickets created from day ?3 on (the day seven days before the end) are read from the facts'
 * covering indexes, each with its age; the older ones are all over seven days, so they are
 * counted from the rollups (tickets - solved: open now) over days [?4, ?5), [?6, ?7) and weeks
 * [?8, ?9), plus those solved after the end (a past period) from the solved index. A large old
 * backlog costs no fact reads.
 */
export const BACKLOG_SQL = `SELECT tier, SUM(under_one) AS under_one, SUM(one_to_three) AS one_to_three, SUM(three_to_seven) AS three_to_seven, SUM(over_seven) AS over_seven
  FROM (
    SELECT tier, age < 86400000 AS under_one, age >= 86400000 AND age < 259200000 AS one_to_three,
      age >= 259200000 AND age < 604800000 AS three_to_seven, age >= 604800000 AS over_seven
    FROM (
      SELECT tier, ?2 - created_at_ms AS age FROM service_facts WHERE account = ?1 AND solved_at_ms IS NULL AND created_at_ms >= ?3 * 86400000 AND created_at_ms < ?2
      UNION ALL
      SELECT tier, ?2 - created_at_ms AS age FROM service_facts WHERE account = ?1 AND solved_at_ms >= ?2 AND created_at_ms >= ?3 * 86400000 AND created_at_ms < ?2
    )
    UNION ALL
    SELECT tier, 0, 0, 0, tickets - solved FROM service_rollup WHERE account = ?1 AND day >= ?4 AND day < ?5 AND tickets > solved
    UNION ALL
    SELECT tier, 0, 0, 0, tickets - solved FROM service_rollup WHERE account = ?1 AND day >= ?6 AND day < ?7 AND tickets > solved
    UNION ALL
    SELECT tier, 0, 0, 0, tickets - solved FROM service_rollup_week WHERE account = ?1 AND week >= ?8 AND week < ?9 AND tickets > solved
    UNION ALL
    SELECT tier, 0, 0, 0, 1 FROM service_facts WHERE account = ?1 AND solved_at_ms >= ?2 AND created_at_ms < ?3 * 86400000
  ) GROUP BY tier`;

/** BACKLOG_SQL's parameters after the account, for a period ending at `endMs`. */
export function backlogBinds(endMs: number): number[] {
  const boundaryDay = Math.floor((endMs - 7 * DAY_MS) / DAY_MS);
  const { days, weeks } = rollupSpans(0, boundaryDay);
  return [endMs, boundaryDay, ...days.flat(), ...weeks];
}

const ROLLUP_COLUMNS = `tier, scene, target_ms, tickets, measured, within_target, at_risk, breached, l1, l2, solved, reopened, offered, good, bad,
  reasons, reply_hist, solve_hist`;

/** Rollup rows of an account's days [?2, ?3) that count a ticket. */
export const ROLLUP_SQL = `SELECT day, ${ROLLUP_COLUMNS} FROM service_rollup WHERE account = ?1 AND day >= ?2 AND day < ?3 AND tickets > 0`;

/**
 * The rollup rows of a report's two periods in one statement (shared/service-rollup.ts
 * adjacentPeriodsSpans): daily rows of three day ranges [?2, ?3), [?4, ?5), [?6, ?7) (the days at the
 * periods' edges) and weekly rows of the weeks [?8, ?9) but not [?10, ?11) (the periods' whole weeks),
 * a weekly row dated by its Monday. Each branch is a range of its table's primary key.
 */
export const PERIODS_ROLLUP_SQL = [
  ...[2, 4, 6].map((p) => `SELECT day, ${ROLLUP_COLUMNS} FROM service_rollup WHERE account = ?1 AND day >= ?${p} AND day < ?${p + 1} AND tickets > 0`),
  `SELECT week * 7 - 3 AS day, ${ROLLUP_COLUMNS} FROM service_rollup_week WHERE account = ?1 AND week >= ?8 AND week < ?9 AND NOT (week >= ?10 AND week < ?11) AND tickets > 0`,
].join('\nUNION ALL\n');

/**
 * People's follow-up scores per tier, over the follow-ups done in the period (migrations/0015):
 * the dimensions no ticket data measures. AVG and COUNT skip the unscored (NULL) ones.
 */
export const FOLLOW_UP_SCORES_SQL = `SELECT tier, AVG(communication) AS communication, COUNT(communication) AS communication_n,
  AVG(added_value) AS added_value, COUNT(added_value) AS added_value_n
  FROM follow_ups WHERE account = ?1 AND done_at_ms >= ?2 AND done_at_ms < ?3 AND tier IS NOT NULL GROUP BY tier`;
