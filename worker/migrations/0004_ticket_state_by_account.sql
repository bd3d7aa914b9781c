-- The ticket_state index, keyed by Zendesk account as well as ticket id: ticket ids repeat
-- across accounts (and across sandbox simulators started afresh), so one worker pointed at two
-- accounts in turn must never take one account's ticket 2 for the other's. The old rows are
-- dropped, not copied: they name no account, and the ticket objects they describe were named
-- without one too, so nothing would ever read them again. The index is rebuilt by the objects
-- as they run, and the sweep re-reads any recent ticket it has no row for.
DROP INDEX IF EXISTS ticket_state_by_alarm;
DROP TABLE ticket_state;
CREATE TABLE ticket_state (
  account TEXT NOT NULL,           -- accountKey(): the host of ZENDESK_BASE_URL
  ticket_id INTEGER NOT NULL,
  updated_at_ms INTEGER NOT NULL,  -- the newest ticket version (Zendesk updated_at) the object applied
  next_alarm_at INTEGER,           -- ms since epoch; NULL when nothing is left to watch
  PRIMARY KEY (account, ticket_id)
);
CREATE INDEX ticket_state_by_alarm ON ticket_state (account, next_alarm_at) WHERE next_alarm_at IS NOT NULL;
