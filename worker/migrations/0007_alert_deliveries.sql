-- How each chat alert ended (shared/alerts): sent, dropped (the platform refused it for good,
-- or it could not be delivered within the bounded time) or unconfirmed (the worker stopped
-- while the request was out; it is not sent again, to never send it twice). One row per alert
-- (ticket, kind, cycle, destination), written once. No message text, no URLs, no secrets.
CREATE TABLE alert_deliveries (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  account TEXT NOT NULL,
  alert_key TEXT NOT NULL,        -- <ticket>:<kind>:<cycle>:<destination>
  ticket_id INTEGER NOT NULL,
  kind TEXT NOT NULL,             -- at_risk | breached | l1 | l2 | bad_csat | follow_up_overdue
  destination TEXT NOT NULL,      -- the name in ALERT_DESTINATIONS
  outcome TEXT NOT NULL,          -- sent | dropped | unconfirmed
  attempts INTEGER NOT NULL,
  detail TEXT,                    -- why it was dropped (the platform's error code), or null
  at TEXT NOT NULL,
  UNIQUE (account, alert_key)
);
CREATE INDEX alert_deliveries_by_ticket ON alert_deliveries (account, ticket_id, id);
