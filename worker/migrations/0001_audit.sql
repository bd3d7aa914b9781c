-- Every automatic change Tierwise makes to a ticket. No comment bodies, no personal data:
-- ids, tiers, steps and the changed ticket fields only.
CREATE TABLE audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  ticket_id INTEGER NOT NULL,
  step TEXT NOT NULL,            -- tier | at_risk | breached | l1 | l2
  tier TEXT NOT NULL,
  scene TEXT NOT NULL,
  before_json TEXT NOT NULL,     -- the changed fields before: {"priority":"low","group_id":1,"tags":[...]}
  after_json TEXT NOT NULL,
  reason TEXT NOT NULL,          -- machine-readable: e.g. "tier:threshold:organization" or "deadline:2026-11-28T10:00:00.000Z"
  at TEXT NOT NULL,              -- ISO time the change was applied
  correlation_id TEXT NOT NULL,  -- webhook event / alarm run that caused it
  UNIQUE (ticket_id, step, correlation_id)
);
CREATE INDEX audit_by_ticket ON audit (ticket_id, id);
