-- Follow-ups (docs/rules.md#care-cadence): one row per solved care task, written by the care run
-- when it finds the task solved. Ids, the method, the confirmation and 1-10 scores only: the
-- feedback and pending items stay on the ticket in Zendesk.
CREATE TABLE follow_ups (
  account TEXT NOT NULL,
  ticket_id INTEGER NOT NULL,          -- the care task ticket
  task_key TEXT NOT NULL,              -- its external_id, e.g. tierwise-care:o12:cadence:2026-12-01
  customer_kind TEXT NOT NULL,         -- organization | user
  customer_id INTEGER NOT NULL,
  tier TEXT,                           -- the customer's tier when the task was planned
  done_at_ms INTEGER NOT NULL,         -- when the task was found solved (its updated_at)
  method TEXT,                         -- phone | visit | video | wechat | email
  confirmed INTEGER NOT NULL,          -- 1: the customer confirmed
  timeliness INTEGER,                  -- 1-10 each, when scored
  resolution INTEGER,
  communication INTEGER,
  added_value INTEGER,
  satisfaction INTEGER,
  next_date_ms INTEGER,                -- the next follow-up date the record set (UTC midnight), when set
  PRIMARY KEY (account, ticket_id)
);
CREATE INDEX follow_ups_by_customer ON follow_ups (account, customer_kind, customer_id, done_at_ms);
CREATE INDEX follow_ups_by_done ON follow_ups (account, done_at_ms);
