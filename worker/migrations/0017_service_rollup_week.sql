-- Weekly service rollups: the daily rollups (0008) summed by ISO week (Monday, UTC), so a long period
-- reads one row per week, tier, scene and target for its whole weeks and daily rows only for the days at
-- its edges (worker/src/reports/service-rollups.ts). A year's report reads some 60 weeks' rows instead of
-- 366 days', each with histograms of about the same size.
--
-- week = (day + 3) / 7 in integer arithmetic, day = created_at_ms / 86400000: day 0 (1 January 1970) is a
-- Thursday, so week w starts on Monday, day 7 w - 3. The shared code keys weeks the same way.
--
-- Kept exact the way the daily rows are: the triggers below are 0008's six with the week in the key in place
-- of the day (same contributions, same bucket bounds), firing on the same writes beside them.
CREATE TABLE service_rollup_week (
  account TEXT NOT NULL,
  week INTEGER NOT NULL,               -- (created_at_ms / 86400000 + 3) / 7: starts on Monday, day 7 week - 3
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
  reasons TEXT NOT NULL DEFAULT '{}',
  reply_hist TEXT NOT NULL DEFAULT '{}',
  solve_hist TEXT NOT NULL DEFAULT '{}',
  PRIMARY KEY (account, week, tier, scene, target_ms)
) WITHOUT ROWID;

-- Fill from the daily rows already kept (counts summed, histograms and reasons merged by key).
INSERT INTO service_rollup_week (account, week, tier, scene, target_ms, tickets, measured, within_target, at_risk, breached, l1, l2, solved, reopened, offered, good, bad)
SELECT account, (day + 3) / 7, tier, scene, target_ms, SUM(tickets), SUM(measured), SUM(within_target), SUM(at_risk), SUM(breached),
  SUM(l1), SUM(l2), SUM(solved), SUM(reopened), SUM(offered), SUM(good), SUM(bad)
FROM service_rollup GROUP BY account, (day + 3) / 7, tier, scene, target_ms;
UPDATE service_rollup_week SET
  reply_hist = (SELECT json_group_object(k, json_array(n, v)) FROM (
    SELECT h.key AS k, SUM(json_extract(h.value, '$[0]')) AS n, SUM(json_extract(h.value, '$[1]')) AS v FROM service_rollup r, json_each(r.reply_hist) h
    WHERE r.account = service_rollup_week.account AND r.day >= service_rollup_week.week * 7 - 3 AND r.day < service_rollup_week.week * 7 + 4
      AND r.tier = service_rollup_week.tier AND r.scene = service_rollup_week.scene AND r.target_ms = service_rollup_week.target_ms
    GROUP BY h.key HAVING SUM(json_extract(h.value, '$[0]')) <> 0)),
  solve_hist = (SELECT json_group_object(k, json_array(n, v)) FROM (
    SELECT h.key AS k, SUM(json_extract(h.value, '$[0]')) AS n, SUM(json_extract(h.value, '$[1]')) AS v FROM service_rollup r, json_each(r.solve_hist) h
    WHERE r.account = service_rollup_week.account AND r.day >= service_rollup_week.week * 7 - 3 AND r.day < service_rollup_week.week * 7 + 4
      AND r.tier = service_rollup_week.tier AND r.scene = service_rollup_week.scene AND r.target_ms = service_rollup_week.target_ms
    GROUP BY h.key HAVING SUM(json_extract(h.value, '$[0]')) <> 0)),
  reasons = (SELECT json_group_object(k, n) FROM (
    SELECT h.key AS k, SUM(h.value) AS n FROM service_rollup r, json_each(r.reasons) h
    WHERE r.account = service_rollup_week.account AND r.day >= service_rollup_week.week * 7 - 3 AND r.day < service_rollup_week.week * 7 + 4
      AND r.tier = service_rollup_week.tier AND r.scene = service_rollup_week.scene AND r.target_ms = service_rollup_week.target_ms
    GROUP BY h.key HAVING SUM(h.value) <> 0));

CREATE TRIGGER service_rollup_week_fact_insert AFTER INSERT ON service_facts BEGIN
  INSERT INTO service_rollup_week (account, week, tier, scene, target_ms) SELECT NEW.account, (NEW.created_at_ms / 86400000 + 3) / 7, NEW.tier, NEW.scene, NEW.target_ms
  WHERE NOT EXISTS (SELECT 1 FROM service_rollup_week WHERE account = NEW.account AND week = (NEW.created_at_ms / 86400000 + 3) / 7 AND tier = NEW.tier AND scene = NEW.scene AND target_ms = NEW.target_ms);
  UPDATE service_rollup_week SET tickets = tickets + +1,
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
  WHERE account = NEW.account AND week = (NEW.created_at_ms / 86400000 + 3) / 7 AND tier = NEW.tier AND scene = NEW.scene AND target_ms = NEW.target_ms;
END;
CREATE TRIGGER service_rollup_week_fact_update AFTER UPDATE ON service_facts BEGIN
  UPDATE service_rollup_week SET tickets = tickets + -1,
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
  WHERE account = OLD.account AND week = (OLD.created_at_ms / 86400000 + 3) / 7 AND tier = OLD.tier AND scene = OLD.scene AND target_ms = OLD.target_ms;
  INSERT INTO service_rollup_week (account, week, tier, scene, target_ms) SELECT NEW.account, (NEW.created_at_ms / 86400000 + 3) / 7, NEW.tier, NEW.scene, NEW.target_ms
  WHERE NOT EXISTS (SELECT 1 FROM service_rollup_week WHERE account = NEW.account AND week = (NEW.created_at_ms / 86400000 + 3) / 7 AND tier = NEW.tier AND scene = NEW.scene AND target_ms = NEW.target_ms);
  UPDATE service_rollup_week SET tickets = tickets + +1,
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
  WHERE account = NEW.account AND week = (NEW.created_at_ms / 86400000 + 3) / 7 AND tier = NEW.tier AND scene = NEW.scene AND target_ms = NEW.target_ms;
END;
CREATE TRIGGER service_rollup_week_fact_delete AFTER DELETE ON service_facts BEGIN
  UPDATE service_rollup_week SET tickets = tickets + -1,
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
  WHERE account = OLD.account AND week = (OLD.created_at_ms / 86400000 + 3) / 7 AND tier = OLD.tier AND scene = OLD.scene AND target_ms = OLD.target_ms;
END;
CREATE TRIGGER service_rollup_week_rating_insert AFTER INSERT ON satisfaction BEGIN
  UPDATE service_rollup_week SET offered = offered + +1, good = good + +(NEW.score = 'good'), bad = bad + +(NEW.score = 'bad'),
    reasons = CASE WHEN (CASE WHEN NEW.score = 'bad' THEN NEW.reason_code END) IS NULL THEN reasons ELSE CASE WHEN COALESCE(json_extract(reasons, '$."' || (CASE WHEN NEW.score = 'bad' THEN NEW.reason_code END) || '"'), 0) + +1 = 0 THEN json_remove(reasons, '$."' || (CASE WHEN NEW.score = 'bad' THEN NEW.reason_code END) || '"')
      ELSE json_set(reasons, '$."' || (CASE WHEN NEW.score = 'bad' THEN NEW.reason_code END) || '"', COALESCE(json_extract(reasons, '$."' || (CASE WHEN NEW.score = 'bad' THEN NEW.reason_code END) || '"'), 0) + +1) END END
  WHERE account = NEW.account AND week = ((SELECT f.created_at_ms FROM service_facts f WHERE f.account = NEW.account AND f.ticket_id = NEW.ticket_id) / 86400000 + 3) / 7 AND tier = (SELECT f.tier FROM service_facts f WHERE f.account = NEW.account AND f.ticket_id = NEW.ticket_id) AND scene = (SELECT f.scene FROM service_facts f WHERE f.account = NEW.account AND f.ticket_id = NEW.ticket_id) AND target_ms = (SELECT f.target_ms FROM service_facts f WHERE f.account = NEW.account AND f.ticket_id = NEW.ticket_id);
END;
CREATE TRIGGER service_rollup_week_rating_update AFTER UPDATE ON satisfaction BEGIN
  UPDATE service_rollup_week SET offered = offered + -1, good = good + -(OLD.score = 'good'), bad = bad + -(OLD.score = 'bad'),
    reasons = CASE WHEN (CASE WHEN OLD.score = 'bad' THEN OLD.reason_code END) IS NULL THEN reasons ELSE CASE WHEN COALESCE(json_extract(reasons, '$."' || (CASE WHEN OLD.score = 'bad' THEN OLD.reason_code END) || '"'), 0) + -1 = 0 THEN json_remove(reasons, '$."' || (CASE WHEN OLD.score = 'bad' THEN OLD.reason_code END) || '"')
      ELSE json_set(reasons, '$."' || (CASE WHEN OLD.score = 'bad' THEN OLD.reason_code END) || '"', COALESCE(json_extract(reasons, '$."' || (CASE WHEN OLD.score = 'bad' THEN OLD.reason_code END) || '"'), 0) + -1) END END
  WHERE account = OLD.account AND week = ((SELECT f.created_at_ms FROM service_facts f WHERE f.account = OLD.account AND f.ticket_id = OLD.ticket_id) / 86400000 + 3) / 7 AND tier = (SELECT f.tier FROM service_facts f WHERE f.account = OLD.account AND f.ticket_id = OLD.ticket_id) AND scene = (SELECT f.scene FROM service_facts f WHERE f.account = OLD.account AND f.ticket_id = OLD.ticket_id) AND target_ms = (SELECT f.target_ms FROM service_facts f WHERE f.account = OLD.account AND f.ticket_id = OLD.ticket_id);
  UPDATE service_rollup_week SET offered = offered + +1, good = good + +(NEW.score = 'good'), bad = bad + +(NEW.score = 'bad'),
    reasons = CASE WHEN (CASE WHEN NEW.score = 'bad' THEN NEW.reason_code END) IS NULL THEN reasons ELSE CASE WHEN COALESCE(json_extract(reasons, '$."' || (CASE WHEN NEW.score = 'bad' THEN NEW.reason_code END) || '"'), 0) + +1 = 0 THEN json_remove(reasons, '$."' || (CASE WHEN NEW.score = 'bad' THEN NEW.reason_code END) || '"')
      ELSE json_set(reasons, '$."' || (CASE WHEN NEW.score = 'bad' THEN NEW.reason_code END) || '"', COALESCE(json_extract(reasons, '$."' || (CASE WHEN NEW.score = 'bad' THEN NEW.reason_code END) || '"'), 0) + +1) END END
  WHERE account = NEW.account AND week = ((SELECT f.created_at_ms FROM service_facts f WHERE f.account = NEW.account AND f.ticket_id = NEW.ticket_id) / 86400000 + 3) / 7 AND tier = (SELECT f.tier FROM service_facts f WHERE f.account = NEW.account AND f.ticket_id = NEW.ticket_id) AND scene = (SELECT f.scene FROM service_facts f WHERE f.account = NEW.account AND f.ticket_id = NEW.ticket_id) AND target_ms = (SELECT f.target_ms FROM service_facts f WHERE f.account = NEW.account AND f.ticket_id = NEW.ticket_id);
END;
CREATE TRIGGER service_rollup_week_rating_delete AFTER DELETE ON satisfaction BEGIN
  UPDATE service_rollup_week SET offered = offered + -1, good = good + -(OLD.score = 'good'), bad = bad + -(OLD.score = 'bad'),
    reasons = CASE WHEN (CASE WHEN OLD.score = 'bad' THEN OLD.reason_code END) IS NULL THEN reasons ELSE CASE WHEN COALESCE(json_extract(reasons, '$."' || (CASE WHEN OLD.score = 'bad' THEN OLD.reason_code END) || '"'), 0) + -1 = 0 THEN json_remove(reasons, '$."' || (CASE WHEN OLD.score = 'bad' THEN OLD.reason_code END) || '"')
      ELSE json_set(reasons, '$."' || (CASE WHEN OLD.score = 'bad' THEN OLD.reason_code END) || '"', COALESCE(json_extract(reasons, '$."' || (CASE WHEN OLD.score = 'bad' THEN OLD.reason_code END) || '"'), 0) + -1) END END
  WHERE account = OLD.account AND week = ((SELECT f.created_at_ms FROM service_facts f WHERE f.account = OLD.account AND f.ticket_id = OLD.ticket_id) / 86400000 + 3) / 7 AND tier = (SELECT f.tier FROM service_facts f WHERE f.account = OLD.account AND f.ticket_id = OLD.ticket_id) AND scene = (SELECT f.scene FROM service_facts f WHERE f.account = OLD.account AND f.ticket_id = OLD.ticket_id) AND target_ms = (SELECT f.target_ms FROM service_facts f WHERE f.account = OLD.account AND f.ticket_id = OLD.ticket_id);
END;
