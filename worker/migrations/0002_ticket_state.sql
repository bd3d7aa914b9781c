-- An index of what each ticket's Durable Object last saw and when its alarm is due, so the
-- reconciliation sweep can tell missed webhooks and late clocks apart from healthy tickets
-- with one query instead of one object call per ticket. The objects stay the authority.
CREATE TABLE ticket_state (
  ticket_id INTEGER PRIMARY KEY,
  updated_at_ms INTEGER NOT NULL,  -- the newest ticket version (Zendesk updated_at) the object applied
  next_alarm_at INTEGER            -- ms since epoch; NULL when nothing is left to watch
);
CREATE INDEX ticket_state_by_alarm ON ticket_state (next_alarm_at) WHERE next_alarm_at IS NOT NULL;
