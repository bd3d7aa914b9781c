-- When each ticket was solved (or closed), so the cron can remove a solved ticket's object state
-- and audit rows once `audit_retention_days` have passed (worker/src/ticket/retention.ts). NULL
-- while the ticket is open. Rows written before this migration have NULL until their ticket's
-- object runs again (any change, or the sweep), so older solved tickets are kept until then.
ALTER TABLE ticket_state ADD COLUMN solved_at_ms INTEGER;
CREATE INDEX ticket_state_by_solved ON ticket_state (account, solved_at_ms) WHERE solved_at_ms IS NOT NULL;
