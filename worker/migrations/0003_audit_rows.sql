-- The audit trail in the row shape of shared/audit.ts: the reason and the changed fields as
-- JSON data (no sentences), and the Zendesk account each row belongs to, so one worker pointed
-- at two accounts never mixes their tickets.
--
-- Rows written before this migration stay, unchanged, in audit_v1: they have no account and
-- their reasons are strings without the figures the new reason carries (which rule, which
-- amounts, which duration), so they cannot be turned into new rows without inventing data.
-- The API serves the new table only.
ALTER TABLE audit RENAME TO audit_v1;

CREATE TABLE audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  account TEXT NOT NULL,         -- the Zendesk account's host (worker/src/zendesk/account-key.ts)
  ticket_id INTEGER NOT NULL,
  step TEXT NOT NULL,            -- tier | at_risk | breached | l1 | l2 | refused
  tier TEXT NOT NULL,
  scene TEXT NOT NULL,
  reason_json TEXT NOT NULL,     -- AuditReason: {"kind":"tier","tier":{...}} or {"kind":"deadline","step":"l1","afterMs":86400000,"from":"created"}
  changes_json TEXT NOT NULL,    -- AuditChange[]: [{"field":"group","from":null,"to":{"id":2,"name":"Supervisors"}}, ...]
  at TEXT NOT NULL,              -- ISO time the change was applied (or refused)
  correlation_id TEXT NOT NULL,  -- makes a row idempotent: "tier:<updated_at>" or "<step>:<cycle start>"
  UNIQUE (account, ticket_id, step, correlation_id)
);
CREATE INDEX audit_by_account_ticket ON audit (account, ticket_id, id);
