-- Daily service rollups: what the service report reads instead of the raw facts, so a report reads
-- O(days x tiers x scenes) rows whatever the number of tickets. One row per account, UTC day of the
-- ticket's creation, tier, scene and first-response target (the target is in the key so a group's
-- "one target or mixed" stays exact). Duration histograms are JSON objects {bucket: [count, sum_ms]}
-- over the fixed bounds below (shared/service-rollup.ts computes the same bounds and reads them).
--
-- Kept exact by triggers on service_facts and satisfaction: every writer (the ticket object, the
-- history backfill, the CSAT pull, the retention purge, the bench, tests) subtracts the old row's
-- contribution and adds the new one in the same statement, so re-writes, tier changes, CSAT
-- arrivals and purges can never drift from the facts.
CREATE TABLE service_rollup (
  account TEXT NOT NULL,
  day INTEGER NOT NULL,                -- created_at_ms / 86400000 (UTC)
  tier TEXT NOT NULL,
  scene TEXT NOT NULL,
  target_ms INTEGER NOT NULL,
  tickets INTEGER NOT NULL DEFAULT 0,
  measured INTEGER NOT NULL DEFAULT 0,
  within_target INTEGER NOT NULL DEFAULT 0,
  at_risk INTEGER NOT NULL DEFAULT 0,
  breached INTEGER NOT NULL DEFAULT 0,
  l1 INTEGER NOT NULL DEFAULT 0,
  l2 INTEGER NOT NULL DEFAULT 0,
  solved INTEGER NOT NULL DEFAULT 0,
  reopened INTEGER NOT NULL DEFAULT 0,
  offered INTEGER NOT NULL DEFAULT 0,
  good INTEGER NOT NULL DEFAULT 0,
  bad INTEGER NOT NULL DEFAULT 0,
  reasons TEXT NOT NULL DEFAULT '{}',    -- bad ratings by reason code: {code: count}
  reply_hist TEXT NOT NULL DEFAULT '{}', -- first reply - created, {bucket: [count, sum_ms]}
  solve_hist TEXT NOT NULL DEFAULT '{}', -- solved - created
  PRIMARY KEY (account, day, tier, scene, target_ms)
) WITHOUT ROWID;

-- Histogram bucket bounds: 1 s, then each bound 10 % above the last (integer ms) up to 60 days.
-- A duration's bucket is the number of bounds <= it (bucket 0: under 1 s).
CREATE TABLE service_rollup_bounds (upper_ms INTEGER PRIMARY KEY) WITHOUT ROWID;
INSERT INTO service_rollup_bounds (upper_ms)
  WITH RECURSIVE b(ms) AS (SELECT 1000 UNION ALL SELECT ms + ms / 10 FROM b WHERE ms < 5184000000) SELECT ms FROM b;

-- Fill from the facts already written.
INSERT INTO service_rollup (account, day, tier, scene, target_ms, tickets, measured, within_target, at_risk, breached, l1, l2, solved, reopened, offered, good, bad)
SELECT f.account, f.created_at_ms / 86400000, f.tier, f.scene, f.target_ms, COUNT(*),
  SUM(f.first_response_met IS NOT NULL), SUM(f.first_response_met IS 1), SUM(f.at_risk_at_ms IS NOT NULL), SUM(f.breached_at_ms IS NOT NULL),
  SUM(f.l1_at_ms IS NOT NULL), SUM(f.l2_at_ms IS NOT NULL), SUM(f.solved_at_ms IS NOT NULL), SUM(f.solved_at_ms IS NOT NULL AND f.reopens > 0),
  SUM(s.score IS NOT NULL), SUM(s.score IS 'good'), SUM(s.score IS 'bad')
FROM service_facts f LEFT JOIN satisfaction s ON s.account = f.account AND s.ticket_id = f.ticket_id
GROUP BY f.account, f.created_at_ms / 86400000, f.tier, f.scene, f.target_ms;
UPDATE service_rollup SET reply_hist = (SELECT json_group_object(b, json_array(n, v)) FROM (
  SELECT (SELECT COUNT(*) FROM service_rollup_bounds WHERE upper_ms <= d) AS b, COUNT(*) AS n, SUM(d) AS v FROM (
    SELECT f.first_reply_at_ms - f.created_at_ms AS d FROM service_facts f
    WHERE f.account = service_rollup.account AND f.created_at_ms >= service_rollup.day * 86400000 AND f.created_at_ms < (service_rollup.day + 1) * 86400000
      AND f.tier = service_rollup.tier AND f.scene = service_rollup.scene AND f.target_ms = service_rollup.target_ms AND f.first_reply_at_ms IS NOT NULL
  ) GROUP BY b));
UPDATE service_rollup SET solve_hist = (SELECT json_group_object(b, json_array(n, v)) FROM (
  SELECT (SELECT COUNT(*) FROM service_rollup_bounds WHERE upper_ms <= d) AS b, COUNT(*) AS n, SUM(d) AS v FROM (
    SELECT f.solved_at_ms - f.created_at_ms AS d FROM service_facts f
    WHERE f.account = service_rollup.account AND f.created_at_ms >= service_rollup.day * 86400000 AND f.created_at_ms < (service_rollup.day + 1) * 86400000
      AND f.tier = service_rollup.tier AND f.scene = service_rollup.scene AND f.target_ms = service_rollup.target_ms AND f.solved_at_ms IS NOT NULL
  ) GROUP BY b));
UPDATE service_rollup SET reasons = (SELECT json_group_object(code, n) FROM (
  SELECT s.reason_code AS code, COUNT(*) AS n FROM service_facts f JOIN satisfaction s ON s.account = f.account AND s.ticket_id = f.ticket_id
  WHERE f.account = service_rollup.account AND f.created_at_ms >= service_rollup.day * 86400000 AND f.created_at_ms < (service_rollup.day + 1) * 86400000
    AND f.tier = service_rollup.tier AND f.scene = service_rollup.scene AND f.target_ms = service_rollup.target_ms AND s.score = 'bad' AND s.reason_code IS NOT NULL
  GROUP BY s.reason_code));

-- A missing row is created with INSERT ... WHERE NOT EXISTS, not INSERT OR IGNORE: inside a trigger the
-- outer statement's conflict policy (the facts upsert) would override OR IGNORE.
CREATE TRIGGER service_rollup_fact_insert AFTER INSERT ON service_facts BEGIN
  INSERT INTO service_rollup (account, day, tier, scene, target_ms) SELECT NEW.account, NEW.created_at_ms / 86400000, NEW.tier, NEW.scene, NEW.target_ms
  WHERE NOT EXISTS (SELECT 1 FROM service_rollup WHERE account = NEW.account AND day = NEW.created_at_ms / 86400000 AND tier = NEW.tier AND scene = NEW.scene AND target_ms = NEW.target_ms);
  UPDATE service_rollup SET tickets = tickets + +1,
    measured = measured + +(NEW.first_response_met IS NOT NULL), within_target = within_target + +(NEW.first_response_met IS 1),
    at_risk = at_risk + +(NEW.at_risk_at_ms IS NOT NULL), breached = breached + +(NEW.breached_at_ms IS NOT NULL),
    l1 = l1 + +(NEW.l1_at_ms IS NOT NULL), l2 = l2 + +(NEW.l2_at_ms IS NOT NULL),
    solved = solved + +(NEW.solved_at_ms IS NOT NULL), reopened = reopened + +(NEW.solved_at_ms IS NOT NULL AND NEW.reopens > 0),
    offered = offered + +COALESCE((SELECT 1 FROM satisfaction s WHERE s.account = NEW.account AND s.ticket_id = NEW.ticket_id), 0), good = good + +COALESCE((SELECT s.score = 'good' FROM satisfaction s WHERE s.account = NEW.account AND s.ticket_id = NEW.ticket_id), 0), bad = bad + +COALESCE((SELECT s.score = 'bad' FROM satisfaction s WHERE s.account = NEW.account AND s.ticket_id = NEW.ticket_id), 0),
    reasons = CASE WHEN (SELECT s.reason_code FROM satisfaction s WHERE s.account = NEW.account AND s.ticket_id = NEW.ticket_id AND s.score = 'bad' AND s.reason_code IS NOT NULL) IS NULL THEN reasons ELSE CASE WHEN COALESCE(json_extract(reasons, '$."' || (SELECT s.reason_code FROM satisfaction s WHERE s.account = NEW.account AND s.ticket_id = NEW.ticket_id AND s.score = 'bad' AND s.reason_code IS NOT NULL) || '"'), 0) + +1 = 0 THEN json_remove(reasons, '$."' || (SELECT s.reason_code FROM satisfaction s WHERE s.account = NEW.account AND s.ticket_id = NEW.ticket_id AND s.score = 'bad' AND s.reason_code IS NOT NULL) || '"')
      ELSE json_set(reasons, '$."' || (SELECT s.reason_code FROM satisfaction s WHERE s.account = NEW.account AND s.ticket_id = NEW.ticket_id AND s.score = 'bad' AND s.reason_code IS NOT NULL) || '"', COALESCE(json_extract(reasons, '$."' || (SELECT s.reason_code FROM satisfaction s WHERE s.account = NEW.account AND s.ticket_id = NEW.ticket_id AND s.score = 'bad' AND s.reason_code IS NOT NULL) || '"'), 0) + +1) END END,
    reply_hist = CASE WHEN NEW.first_reply_at_ms IS NULL THEN reply_hist ELSE CASE WHEN COALESCE(json_extract(reply_hist, '$."' || (SELECT COUNT(*) FROM service_rollup_bounds WHERE upper_ms <= NEW.first_reply_at_ms - NEW.created_at_ms) || '"' || '[0]'), 0) + +1 = 0 THEN json_remove(reply_hist, '$."' || (SELECT COUNT(*) FROM service_rollup_bounds WHERE upper_ms <= NEW.first_reply_at_ms - NEW.created_at_ms) || '"')
      ELSE json_set(reply_hist, '$."' || (SELECT COUNT(*) FROM service_rollup_bounds WHERE upper_ms <= NEW.first_reply_at_ms - NEW.created_at_ms) || '"', json_array(COALESCE(json_extract(reply_hist, '$."' || (SELECT COUNT(*) FROM service_rollup_bounds WHERE upper_ms <= NEW.first_reply_at_ms - NEW.created_at_ms) || '"' || '[0]'), 0) + +1, COALESCE(json_extract(reply_hist, '$."' || (SELECT COUNT(*) FROM service_rollup_bounds WHERE upper_ms <= NEW.first_reply_at_ms - NEW.created_at_ms) || '"' || '[1]'), 0) + +(NEW.first_reply_at_ms - NEW.created_at_ms))) END END,
    solve_hist = CASE WHEN NEW.solved_at_ms IS NULL THEN solve_hist ELSE CASE WHEN COALESCE(json_extract(solve_hist, '$."' || (SELECT COUNT(*) FROM service_rollup_bounds WHERE upper_ms <= NEW.solved_at_ms - NEW.created_at_ms) || '"' || '[0]'), 0) + +1 = 0 THEN json_remove(solve_hist, '$."' || (SELECT COUNT(*) FROM service_rollup_bounds WHERE upper_ms <= NEW.solved_at_ms - NEW.created_at_ms) || '"')
      ELSE json_set(solve_hist, '$."' || (SELECT COUNT(*) FROM service_rollup_bounds WHERE upper_ms <= NEW.solved_at_ms - NEW.created_at_ms) || '"', json_array(COALESCE(json_extract(solve_hist, '$."' || (SELECT COUNT(*) FROM service_rollup_bounds WHERE upper_ms <= NEW.solved_at_ms - NEW.created_at_ms) || '"' || '[0]'), 0) + +1, COALESCE(json_extract(solve_hist, '$."' || (SELECT COUNT(*) FROM service_rollup_bounds WHERE upper_ms <= NEW.solved_at_ms - NEW.created_at_ms) || '"' || '[1]'), 0) + +(NEW.solved_at_ms - NEW.created_at_ms))) END END
  WHERE account = NEW.account AND day = NEW.created_at_ms / 86400000 AND tier = NEW.tier AND scene = NEW.scene AND target_ms = NEW.target_ms;
END;
CREATE TRIGGER service_rollup_fact_update AFTER UPDATE ON service_facts BEGIN
  UPDATE service_rollup SET tickets = tickets + -1,
    measured = measured + -(OLD.first_response_met IS NOT NULL), within_target = within_target + -(OLD.first_response_met IS 1),
    at_risk = at_risk + -(OLD.at_risk_at_ms IS NOT NULL), breached = breached + -(OLD.breached_at_ms IS NOT NULL),
    l1 = l1 + -(OLD.l1_at_ms IS NOT NULL), l2 = l2 + -(OLD.l2_at_ms IS NOT NULL),
    solved = solved + -(OLD.solved_at_ms IS NOT NULL), reopened = reopened + -(OLD.solved_at_ms IS NOT NULL AND OLD.reopens > 0),
    offered = offered + -COALESCE((SELECT 1 FROM satisfaction s WHERE s.account = OLD.account AND s.ticket_id = OLD.ticket_id), 0), good = good + -COALESCE((SELECT s.score = 'good' FROM satisfaction s WHERE s.account = OLD.account AND s.ticket_id = OLD.ticket_id), 0), bad = bad + -COALESCE((SELECT s.score = 'bad' FROM satisfaction s WHERE s.account = OLD.account AND s.ticket_id = OLD.ticket_id), 0),
    reasons = CASE WHEN (SELECT s.reason_code FROM satisfaction s WHERE s.account = OLD.account AND s.ticket_id = OLD.ticket_id AND s.score = 'bad' AND s.reason_code IS NOT NULL) IS NULL THEN reasons ELSE CASE WHEN COALESCE(json_extract(reasons, '$."' || (SELECT s.reason_code FROM satisfaction s WHERE s.account = OLD.account AND s.ticket_id = OLD.ticket_id AND s.score = 'bad' AND s.reason_code IS NOT NULL) || '"'), 0) + -1 = 0 THEN json_remove(reasons, '$."' || (SELECT s.reason_code FROM satisfaction s WHERE s.account = OLD.account AND s.ticket_id = OLD.ticket_id AND s.score = 'bad' AND s.reason_code IS NOT NULL) || '"')
      ELSE json_set(reasons, '$."' || (SELECT s.reason_code FROM satisfaction s WHERE s.account = OLD.account AND s.ticket_id = OLD.ticket_id AND s.score = 'bad' AND s.reason_code IS NOT NULL) || '"', COALESCE(json_extract(reasons, '$."' || (SELECT s.reason_code FROM satisfaction s WHERE s.account = OLD.account AND s.ticket_id = OLD.ticket_id AND s.score = 'bad' AND s.reason_code IS NOT NULL) || '"'), 0) + -1) END END,
    reply_hist = CASE WHEN OLD.first_reply_at_ms IS NULL THEN reply_hist ELSE CASE WHEN COALESCE(json_extract(reply_hist, '$."' || (SELECT COUNT(*) FROM service_rollup_bounds WHERE upper_ms <= OLD.first_reply_at_ms - OLD.created_at_ms) || '"' || '[0]'), 0) + -1 = 0 THEN json_remove(reply_hist, '$."' || (SELECT COUNT(*) FROM service_rollup_bounds WHERE upper_ms <= OLD.first_reply_at_ms - OLD.created_at_ms) || '"')
      ELSE json_set(reply_hist, '$."' || (SELECT COUNT(*) FROM service_rollup_bounds WHERE upper_ms <= OLD.first_reply_at_ms - OLD.created_at_ms) || '"', json_array(COALESCE(json_extract(reply_hist, '$."' || (SELECT COUNT(*) FROM service_rollup_bounds WHERE upper_ms <= OLD.first_reply_at_ms - OLD.created_at_ms) || '"' || '[0]'), 0) + -1, COALESCE(json_extract(reply_hist, '$."' || (SELECT COUNT(*) FROM service_rollup_bounds WHERE upper_ms <= OLD.first_reply_at_ms - OLD.created_at_ms) || '"' || '[1]'), 0) + -(OLD.first_reply_at_ms - OLD.created_at_ms))) END END,
    solve_hist = CASE WHEN OLD.solved_at_ms IS NULL THEN solve_hist ELSE CASE WHEN COALESCE(json_extract(solve_hist, '$."' || (SELECT COUNT(*) FROM service_rollup_bounds WHERE upper_ms <= OLD.solved_at_ms - OLD.created_at_ms) || '"' || '[0]'), 0) + -1 = 0 THEN json_remove(solve_hist, '$."' || (SELECT COUNT(*) FROM service_rollup_bounds WHERE upper_ms <= OLD.solved_at_ms - OLD.created_at_ms) || '"')
      ELSE json_set(solve_hist, '$."' || (SELECT COUNT(*) FROM service_rollup_bounds WHERE upper_ms <= OLD.solved_at_ms - OLD.created_at_ms) || '"', json_array(COALESCE(json_extract(solve_hist, '$."' || (SELECT COUNT(*) FROM service_rollup_bounds WHERE upper_ms <= OLD.solved_at_ms - OLD.created_at_ms) || '"' || '[0]'), 0) + -1, COALESCE(json_extract(solve_hist, '$."' || (SELECT COUNT(*) FROM service_rollup_bounds WHERE upper_ms <= OLD.solved_at_ms - OLD.created_at_ms) || '"' || '[1]'), 0) + -(OLD.solved_at_ms - OLD.created_at_ms))) END END
  WHERE account = OLD.account AND day = OLD.created_at_ms / 86400000 AND tier = OLD.tier AND scene = OLD.scene AND target_ms = OLD.target_ms;
  INSERT INTO service_rollup (account, day, tier, scene, target_ms) SELECT NEW.account, NEW.created_at_ms / 86400000, NEW.tier, NEW.scene, NEW.target_ms
  WHERE NOT EXISTS (SELECT 1 FROM service_rollup WHERE account = NEW.account AND day = NEW.created_at_ms / 86400000 AND tier = NEW.tier AND scene = NEW.scene AND target_ms = NEW.target_ms);
  UPDATE service_rollup SET tickets = tickets + +1,
    measured = measured + +(NEW.first_response_met IS NOT NULL), within_target = within_target + +(NEW.first_response_met IS 1),
    at_risk = at_risk + +(NEW.at_risk_at_ms IS NOT NULL), breached = breached + +(NEW.breached_at_ms IS NOT NULL),
    l1 = l1 + +(NEW.l1_at_ms IS NOT NULL), l2 = l2 + +(NEW.l2_at_ms IS NOT NULL),
    solved = solved + +(NEW.solved_at_ms IS NOT NULL), reopened = reopened + +(NEW.solved_at_ms IS NOT NULL AND NEW.reopens > 0),
    offered = offered + +COALESCE((SELECT 1 FROM satisfaction s WHERE s.account = NEW.account AND s.ticket_id = NEW.ticket_id), 0), good = good + +COALESCE((SELECT s.score = 'good' FROM satisfaction s WHERE s.account = NEW.account AND s.ticket_id = NEW.ticket_id), 0), bad = bad + +COALESCE((SELECT s.score = 'bad' FROM satisfaction s WHERE s.account = NEW.account AND s.ticket_id = NEW.ticket_id), 0),
    reasons = CASE WHEN (SELECT s.reason_code FROM satisfaction s WHERE s.account = NEW.account AND s.ticket_id = NEW.ticket_id AND s.score = 'bad' AND s.reason_code IS NOT NULL) IS NULL THEN reasons ELSE CASE WHEN COALESCE(json_extract(reasons, '$."' || (SELECT s.reason_code FROM satisfaction s WHERE s.account = NEW.account AND s.ticket_id = NEW.ticket_id AND s.score = 'bad' AND s.reason_code IS NOT NULL) || '"'), 0) + +1 = 0 THEN json_remove(reasons, '$."' || (SELECT s.reason_code FROM satisfaction s WHERE s.account = NEW.account AND s.ticket_id = NEW.ticket_id AND s.score = 'bad' AND s.reason_code IS NOT NULL) || '"')
      ELSE json_set(reasons, '$."' || (SELECT s.reason_code FROM satisfaction s WHERE s.account = NEW.account AND s.ticket_id = NEW.ticket_id AND s.score = 'bad' AND s.reason_code IS NOT NULL) || '"', COALESCE(json_extract(reasons, '$."' || (SELECT s.reason_code FROM satisfaction s WHERE s.account = NEW.account AND s.ticket_id = NEW.ticket_id AND s.score = 'bad' AND s.reason_code IS NOT NULL) || '"'), 0) + +1) END END,
    reply_hist = CASE WHEN NEW.first_reply_at_ms IS NULL THEN reply_hist ELSE CASE WHEN COALESCE(json_extract(reply_hist, '$."' || (SELECT COUNT(*) FROM service_rollup_bounds WHERE upper_ms <= NEW.first_reply_at_ms - NEW.created_at_ms) || '"' || '[0]'), 0) + +1 = 0 THEN json_remove(reply_hist, '$."' || (SELECT COUNT(*) FROM service_rollup_bounds WHERE upper_ms <= NEW.first_reply_at_ms - NEW.created_at_ms) || '"')
      ELSE json_set(reply_hist, '$."' || (SELECT COUNT(*) FROM service_rollup_bounds WHERE upper_ms <= NEW.first_reply_at_ms - NEW.created_at_ms) || '"', json_array(COALESCE(json_extract(reply_hist, '$."' || (SELECT COUNT(*) FROM service_rollup_bounds WHERE upper_ms <= NEW.first_reply_at_ms - NEW.created_at_ms) || '"' || '[0]'), 0) + +1, COALESCE(json_extract(reply_hist, '$."' || (SELECT COUNT(*) FROM service_rollup_bounds WHERE upper_ms <= NEW.first_reply_at_ms - NEW.created_at_ms) || '"' || '[1]'), 0) + +(NEW.first_reply_at_ms - NEW.created_at_ms))) END END,
    solve_hist = CASE WHEN NEW.solved_at_ms IS NULL THEN solve_hist ELSE CASE WHEN COALESCE(json_extract(solve_hist, '$."' || (SELECT COUNT(*) FROM service_rollup_bounds WHERE upper_ms <= NEW.solved_at_ms - NEW.created_at_ms) || '"' || '[0]'), 0) + +1 = 0 THEN json_remove(solve_hist, '$."' || (SELECT COUNT(*) FROM service_rollup_bounds WHERE upper_ms <= NEW.solved_at_ms - NEW.created_at_ms) || '"')
      ELSE json_set(solve_hist, '$."' || (SELECT COUNT(*) FROM service_rollup_bounds WHERE upper_ms <= NEW.solved_at_ms - NEW.created_at_ms) || '"', json_array(COALESCE(json_extract(solve_hist, '$."' || (SELECT COUNT(*) FROM service_rollup_bounds WHERE upper_ms <= NEW.solved_at_ms - NEW.created_at_ms) || '"' || '[0]'), 0) + +1, COALESCE(json_extract(solve_hist, '$."' || (SELECT COUNT(*) FROM service_rollup_bounds WHERE upper_ms <= NEW.solved_at_ms - NEW.created_at_ms) || '"' || '[1]'), 0) + +(NEW.solved_at_ms - NEW.created_at_ms))) END END
  WHERE account = NEW.account AND day = NEW.created_at_ms / 86400000 AND tier = NEW.tier AND scene = NEW.scene AND target_ms = NEW.target_ms;
END;
CREATE TRIGGER service_rollup_fact_delete AFTER DELETE ON service_facts BEGIN
  UPDATE service_rollup SET tickets = tickets + -1,
    measured = measured + -(OLD.first_response_met IS NOT NULL), within_target = within_target + -(OLD.first_response_met IS 1),
    at_risk = at_risk + -(OLD.at_risk_at_ms IS NOT NULL), breached = breached + -(OLD.breached_at_ms IS NOT NULL),
    l1 = l1 + -(OLD.l1_at_ms IS NOT NULL), l2 = l2 + -(OLD.l2_at_ms IS NOT NULL),
    solved = solved + -(OLD.solved_at_ms IS NOT NULL), reopened = reopened + -(OLD.solved_at_ms IS NOT NULL AND OLD.reopens > 0),
    offered = offered + -COALESCE((SELECT 1 FROM satisfaction s WHERE s.account = OLD.account AND s.ticket_id = OLD.ticket_id), 0), good = good + -COALESCE((SELECT s.score = 'good' FROM satisfaction s WHERE s.account = OLD.account AND s.ticket_id = OLD.ticket_id), 0), bad = bad + -COALESCE((SELECT s.score = 'bad' FROM satisfaction s WHERE s.account = OLD.account AND s.ticket_id = OLD.ticket_id), 0),
    reasons = CASE WHEN (SELECT s.reason_code FROM satisfaction s WHERE s.account = OLD.account AND s.ticket_id = OLD.ticket_id AND s.score = 'bad' AND s.reason_code IS NOT NULL) IS NULL THEN reasons ELSE CASE WHEN COALESCE(json_extract(reasons, '$."' || (SELECT s.reason_code FROM satisfaction s WHERE s.account = OLD.account AND s.ticket_id = OLD.ticket_id AND s.score = 'bad' AND s.reason_code IS NOT NULL) || '"'), 0) + -1 = 0 THEN json_remove(reasons, '$."' || (SELECT s.reason_code FROM satisfaction s WHERE s.account = OLD.account AND s.ticket_id = OLD.ticket_id AND s.score = 'bad' AND s.reason_code IS NOT NULL) || '"')
      ELSE json_set(reasons, '$."' || (SELECT s.reason_code FROM satisfaction s WHERE s.account = OLD.account AND s.ticket_id = OLD.ticket_id AND s.score = 'bad' AND s.reason_code IS NOT NULL) || '"', COALESCE(json_extract(reasons, '$."' || (SELECT s.reason_code FROM satisfaction s WHERE s.account = OLD.account AND s.ticket_id = OLD.ticket_id AND s.score = 'bad' AND s.reason_code IS NOT NULL) || '"'), 0) + -1) END END,
    reply_hist = CASE WHEN OLD.first_reply_at_ms IS NULL THEN reply_hist ELSE CASE WHEN COALESCE(json_extract(reply_hist, '$."' || (SELECT COUNT(*) FROM service_rollup_bounds WHERE upper_ms <= OLD.first_reply_at_ms - OLD.created_at_ms) || '"' || '[0]'), 0) + -1 = 0 THEN json_remove(reply_hist, '$."' || (SELECT COUNT(*) FROM service_rollup_bounds WHERE upper_ms <= OLD.first_reply_at_ms - OLD.created_at_ms) || '"')
      ELSE json_set(reply_hist, '$."' || (SELECT COUNT(*) FROM service_rollup_bounds WHERE upper_ms <= OLD.first_reply_at_ms - OLD.created_at_ms) || '"', json_array(COALESCE(json_extract(reply_hist, '$."' || (SELECT COUNT(*) FROM service_rollup_bounds WHERE upper_ms <= OLD.first_reply_at_ms - OLD.created_at_ms) || '"' || '[0]'), 0) + -1, COALESCE(json_extract(reply_hist, '$."' || (SELECT COUNT(*) FROM service_rollup_bounds WHERE upper_ms <= OLD.first_reply_at_ms - OLD.created_at_ms) || '"' || '[1]'), 0) + -(OLD.first_reply_at_ms - OLD.created_at_ms))) END END,
    solve_hist = CASE WHEN OLD.solved_at_ms IS NULL THEN solve_hist ELSE CASE WHEN COALESCE(json_extract(solve_hist, '$."' || (SELECT COUNT(*) FROM service_rollup_bounds WHERE upper_ms <= OLD.solved_at_ms - OLD.created_at_ms) || '"' || '[0]'), 0) + -1 = 0 THEN json_remove(solve_hist, '$."' || (SELECT COUNT(*) FROM service_rollup_bounds WHERE upper_ms <= OLD.solved_at_ms - OLD.created_at_ms) || '"')
      ELSE json_set(solve_hist, '$."' || (SELECT COUNT(*) FROM service_rollup_bounds WHERE upper_ms <= OLD.solved_at_ms - OLD.created_at_ms) || '"', json_array(COALESCE(json_extract(solve_hist, '$."' || (SELECT COUNT(*) FROM service_rollup_bounds WHERE upper_ms <= OLD.solved_at_ms - OLD.created_at_ms) || '"' || '[0]'), 0) + -1, COALESCE(json_extract(solve_hist, '$."' || (SELECT COUNT(*) FROM service_rollup_bounds WHERE upper_ms <= OLD.solved_at_ms - OLD.created_at_ms) || '"' || '[1]'), 0) + -(OLD.solved_at_ms - OLD.created_at_ms))) END END
  WHERE account = OLD.account AND day = OLD.created_at_ms / 86400000 AND tier = OLD.tier AND scene = OLD.scene AND target_ms = OLD.target_ms;
END;
CREATE TRIGGER service_rollup_rating_insert AFTER INSERT ON satisfaction BEGIN
  UPDATE service_rollup SET offered = offered + +1, good = good + +(NEW.score = 'good'), bad = bad + +(NEW.score = 'bad'),
    reasons = CASE WHEN (CASE WHEN NEW.score = 'bad' THEN NEW.reason_code END) IS NULL THEN reasons ELSE CASE WHEN COALESCE(json_extract(reasons, '$."' || (CASE WHEN NEW.score = 'bad' THEN NEW.reason_code END) || '"'), 0) + +1 = 0 THEN json_remove(reasons, '$."' || (CASE WHEN NEW.score = 'bad' THEN NEW.reason_code END) || '"')
      ELSE json_set(reasons, '$."' || (CASE WHEN NEW.score = 'bad' THEN NEW.reason_code END) || '"', COALESCE(json_extract(reasons, '$."' || (CASE WHEN NEW.score = 'bad' THEN NEW.reason_code END) || '"'), 0) + +1) END END
  WHERE account = NEW.account AND day = (SELECT f.created_at_ms FROM service_facts f WHERE f.account = NEW.account AND f.ticket_id = NEW.ticket_id) / 86400000 AND tier = (SELECT f.tier FROM service_facts f WHERE f.account = NEW.account AND f.ticket_id = NEW.ticket_id) AND scene = (SELECT f.scene FROM service_facts f WHERE f.account = NEW.account AND f.ticket_id = NEW.ticket_id) AND target_ms = (SELECT f.target_ms FROM service_facts f WHERE f.account = NEW.account AND f.ticket_id = NEW.ticket_id);
END;
CREATE TRIGGER service_rollup_rating_update AFTER UPDATE ON satisfaction BEGIN
  UPDATE service_rollup SET offered = offered + -1, good = good + -(OLD.score = 'good'), bad = bad + -(OLD.score = 'bad'),
    reasons = CASE WHEN (CASE WHEN OLD.score = 'bad' THEN OLD.reason_code END) IS NULL THEN reasons ELSE CASE WHEN COALESCE(json_extract(reasons, '$."' || (CASE WHEN OLD.score = 'bad' THEN OLD.reason_code END) || '"'), 0) + -1 = 0 THEN json_remove(reasons, '$."' || (CASE WHEN OLD.score = 'bad' THEN OLD.reason_code END) || '"')
      ELSE json_set(reasons, '$."' || (CASE WHEN OLD.score = 'bad' THEN OLD.reason_code END) || '"', COALESCE(json_extract(reasons, '$."' || (CASE WHEN OLD.score = 'bad' THEN OLD.reason_code END) || '"'), 0) + -1) END END
  WHERE account = OLD.account AND day = (SELECT f.created_at_ms FROM service_facts f WHERE f.account = OLD.account AND f.ticket_id = OLD.ticket_id) / 86400000 AND tier = (SELECT f.tier FROM service_facts f WHERE f.account = OLD.account AND f.ticket_id = OLD.ticket_id) AND scene = (SELECT f.scene FROM service_facts f WHERE f.account = OLD.account AND f.ticket_id = OLD.ticket_id) AND target_ms = (SELECT f.target_ms FROM service_facts f WHERE f.account = OLD.account AND f.ticket_id = OLD.ticket_id);
  UPDATE service_rollup SET offered = offered + +1, good = good + +(NEW.score = 'good'), bad = bad + +(NEW.score = 'bad'),
    reasons = CASE WHEN (CASE WHEN NEW.score = 'bad' THEN NEW.reason_code END) IS NULL THEN reasons ELSE CASE WHEN COALESCE(json_extract(reasons, '$."' || (CASE WHEN NEW.score = 'bad' THEN NEW.reason_code END) || '"'), 0) + +1 = 0 THEN json_remove(reasons, '$."' || (CASE WHEN NEW.score = 'bad' THEN NEW.reason_code END) || '"')
      ELSE json_set(reasons, '$."' || (CASE WHEN NEW.score = 'bad' THEN NEW.reason_code END) || '"', COALESCE(json_extract(reasons, '$."' || (CASE WHEN NEW.score = 'bad' THEN NEW.reason_code END) || '"'), 0) + +1) END END
  WHERE account = NEW.account AND day = (SELECT f.created_at_ms FROM service_facts f WHERE f.account = NEW.account AND f.ticket_id = NEW.ticket_id) / 86400000 AND tier = (SELECT f.tier FROM service_facts f WHERE f.account = NEW.account AND f.ticket_id = NEW.ticket_id) AND scene = (SELECT f.scene FROM service_facts f WHERE f.account = NEW.account AND f.ticket_id = NEW.ticket_id) AND target_ms = (SELECT f.target_ms FROM service_facts f WHERE f.account = NEW.account AND f.ticket_id = NEW.ticket_id);
END;
CREATE TRIGGER service_rollup_rating_delete AFTER DELETE ON satisfaction BEGIN
  UPDATE service_rollup SET offered = offered + -1, good = good + -(OLD.score = 'good'), bad = bad + -(OLD.score = 'bad'),
    reasons = CASE WHEN (CASE WHEN OLD.score = 'bad' THEN OLD.reason_code END) IS NULL THEN reasons ELSE CASE WHEN COALESCE(json_extract(reasons, '$."' || (CASE WHEN OLD.score = 'bad' THEN OLD.reason_code END) || '"'), 0) + -1 = 0 THEN json_remove(reasons, '$."' || (CASE WHEN OLD.score = 'bad' THEN OLD.reason_code END) || '"')
      ELSE json_set(reasons, '$."' || (CASE WHEN OLD.score = 'bad' THEN OLD.reason_code END) || '"', COALESCE(json_extract(reasons, '$."' || (CASE WHEN OLD.score = 'bad' THEN OLD.reason_code END) || '"'), 0) + -1) END END
  WHERE account = OLD.account AND day = (SELECT f.created_at_ms FROM service_facts f WHERE f.account = OLD.account AND f.ticket_id = OLD.ticket_id) / 86400000 AND tier = (SELECT f.tier FROM service_facts f WHERE f.account = OLD.account AND f.ticket_id = OLD.ticket_id) AND scene = (SELECT f.scene FROM service_facts f WHERE f.account = OLD.account AND f.ticket_id = OLD.ticket_id) AND target_ms = (SELECT f.target_ms FROM service_facts f WHERE f.account = OLD.account AND f.ticket_id = OLD.ticket_id);
END;

-- The backlog (open tickets at the period's end, by tier and age) reads only these indexes: covering, so a
-- large backlog costs no table reads (they replace 0006's two; solved_at_ms is in the open one only so SQLite sees it covers).
DROP INDEX service_facts_open;
CREATE INDEX service_facts_open ON service_facts (account, created_at_ms, tier, solved_at_ms) WHERE solved_at_ms IS NULL;
DROP INDEX service_facts_by_solved;
CREATE INDEX service_facts_by_solved ON service_facts (account, solved_at_ms, created_at_ms, tier) WHERE solved_at_ms IS NOT NULL;
