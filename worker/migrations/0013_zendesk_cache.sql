-- What the worker reads from Zendesk and every ticket object needs (the app settings, the
-- groups, each requester's user + organization data), shared by all isolates: on Cloudflare
-- ticket objects are spread over isolates and machines, each with a cold memory, so without
-- this every object would pay those reads itself. Rows expire (expires_at); a customer's row
-- is dropped when a user or organization change event for it arrives.
CREATE TABLE zendesk_cache (
  account TEXT NOT NULL,           -- accountKey(): the host of ZENDESK_BASE_URL
  key TEXT NOT NULL,               -- 'settings', 'groups', 'user:<id>'
  value TEXT NOT NULL,             -- JSON
  expires_at INTEGER NOT NULL,     -- ms since epoch
  organization_id INTEGER,         -- a customer row's organization: its change drops the row
  PRIMARY KEY (account, key)
) WITHOUT ROWID;
CREATE INDEX zendesk_cache_by_organization ON zendesk_cache (account, organization_id) WHERE organization_id IS NOT NULL;
