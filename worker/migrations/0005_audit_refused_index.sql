-- /health counts each account's refused changes of the last 7 days (needs attention): an index
-- on (account, step, at) keeps that one count cheap however long the audit trail grows.
CREATE INDEX audit_by_account_step_at ON audit (account, step, at);
