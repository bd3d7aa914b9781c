-- Service facts for the dashboard (shared/reports.ts): one row per account and ticket, written by
-- the ticket's object in the run that records its decision, only when a fact changed. Ids,
-- tiers, scenes and times only: no names, no emails, no comment text.
CREATE TABLE service_facts (
  account TEXT NOT NULL,               -- accountKey(): the host of ZENDESK_BASE_URL
  ticket_id INTEGER NOT NULL,
  created_at_ms INTEGER NOT NULL,      -- the ticket's created_at
  tier_at_creation TEXT NOT NULL,      -- the tier and scene when Tierwise first saw the ticket (kept by the upsert)
  scene_at_creation TEXT NOT NULL,
  tier TEXT NOT NULL,                  -- the tier and scene now
  scene TEXT NOT NULL,
  requester_id INTEGER,
  organization_id INTEGER,
  customer_kind TEXT NOT NULL,         -- organization | user: whose spend and tier the ticket counts for
  customer_id INTEGER,
  status TEXT,
  target_ms INTEGER NOT NULL,          -- the first-response target for the tier and scene
  first_reply_at_ms INTEGER,           -- the first public agent reply
  first_reply_source TEXT,             -- metric (Zendesk's reply_time_in_minutes) | seen (the webhook that reported it)
  first_response_met INTEGER,          -- 1 within the target, 0 not, NULL not known yet
  at_risk_at_ms INTEGER,               -- when each line was crossed (shared/service-facts.ts says from what)
  breached_at_ms INTEGER,
  l1_at_ms INTEGER,
  l2_at_ms INTEGER,
  solved_at_ms INTEGER,
  reopens INTEGER NOT NULL DEFAULT 0,
  reopened_at_ms INTEGER,
  written_at_ms INTEGER NOT NULL,
  PRIMARY KEY (account, ticket_id)
);
-- Reports read tickets created in a period, and one customer's tickets in a period.
CREATE INDEX service_facts_by_created ON service_facts (account, created_at_ms);
CREATE INDEX service_facts_by_customer ON service_facts (account, customer_kind, customer_id, created_at_ms);
-- Today's summary counts the lines crossed since midnight: small partial indexes, one per line.
CREATE INDEX service_facts_by_at_risk ON service_facts (account, at_risk_at_ms) WHERE at_risk_at_ms IS NOT NULL;
CREATE INDEX service_facts_by_breached ON service_facts (account, breached_at_ms) WHERE breached_at_ms IS NOT NULL;
CREATE INDEX service_facts_by_l1 ON service_facts (account, l1_at_ms) WHERE l1_at_ms IS NOT NULL;
CREATE INDEX service_facts_by_l2 ON service_facts (account, l2_at_ms) WHERE l2_at_ms IS NOT NULL;

-- Zendesk CSAT per ticket (the newest rating wins), pulled by the cron from a stored cursor.
CREATE TABLE satisfaction (
  account TEXT NOT NULL,
  ticket_id INTEGER NOT NULL,
  rating_id INTEGER NOT NULL,
  score TEXT NOT NULL,                 -- offered | good | bad (unoffered ratings are not kept)
  reason_code INTEGER,                 -- a bad rating's reason (Zendesk's reason codes); never the comment
  updated_at_ms INTEGER NOT NULL,
  PRIMARY KEY (account, ticket_id)
);

-- One row per customer seen on a ticket, from the customer reads the ticket objects already do.
CREATE TABLE customer_facts (
  account TEXT NOT NULL,
  kind TEXT NOT NULL,                  -- organization | user
  customer_id INTEGER NOT NULL,
  tier TEXT NOT NULL,
  annual_spend REAL,
  last_interaction_ms INTEGER,         -- the customer's last-interaction field, when set
  last_ticket_at_ms INTEGER NOT NULL,  -- the newest ticket Tierwise saw from the customer
  written_at_ms INTEGER NOT NULL,
  PRIMARY KEY (account, kind, customer_id)
);
CREATE INDEX customer_facts_by_spend ON customer_facts (account, annual_spend DESC) WHERE annual_spend IS NOT NULL;

-- Where an incremental pull stopped (the CSAT cursor), per account.
CREATE TABLE sync_cursor (
  account TEXT NOT NULL,
  name TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (account, name)
);

-- The backlog at the end of a period: tickets still open now, and tickets solved after it.
CREATE INDEX service_facts_open ON service_facts (account, created_at_ms) WHERE solved_at_ms IS NULL;
CREATE INDEX service_facts_by_solved ON service_facts (account, solved_at_ms) WHERE solved_at_ms IS NOT NULL;
