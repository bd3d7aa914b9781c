import type { AlertOutbox } from './alerts/outbox.ts';
import type { CareRun } from './care/care-run.ts';
import type { CustomerRefresh } from './customer/customer-refresh.ts';
import type { TicketClock } from './ticket/ticket-clock.ts';
import type { GatheredReads } from './zendesk/gathered-reads.ts';
import type { ZendeskBudget } from './zendesk/rate-budget.ts';

export interface Env {
  TICKETS: DurableObjectNamespace<TicketClock>;
  ZENDESK_BUDGET: DurableObjectNamespace<ZendeskBudget>;
  READS: DurableObjectNamespace<GatheredReads>;
  CUSTOMERS: DurableObjectNamespace<CustomerRefresh>;
  ALERTS: DurableObjectNamespace<AlertOutbox>;
  CARE_RUNS: DurableObjectNamespace<CareRun>;
  DB: D1Database;
  ZENDESK_BASE_URL: string;
  ZENDESK_EMAIL?: string;
  ZENDESK_API_TOKEN?: string;
  ZENDESK_OAUTH_TOKEN?: string;
  ZENDESK_WEBHOOK_SECRET: string;
  /** Bearer token the sidebar sends (as a secure app setting) to read the audit trail. */
  TIERWISE_API_TOKEN?: string;
  /** The app installation whose settings apply (npm run zendesk:setup prints it); required: without it nothing acts. */
  TIERWISE_INSTALLATION_ID?: string;
  WEBHOOK_MAX_AGE_SECONDS?: string;
  WEBHOOK_MAX_BODY_BYTES?: string;
  EXTRA_ALLOWED_ORIGINS?: string;
  ZENDESK_RATE_LIMIT_PER_MINUTE?: string;
  /** Secret: chat destinations for escalation alerts, JSON (shared/alerts/destinations.ts). */
  ALERT_DESTINATIONS?: string;
  /** "true" only in the sandbox and tests: destinations may be loopback http URLs (the local chat sink). */
  ALERT_ALLOW_LOOPBACK?: string;
  /** Origin that alert links open (`<origin>/agent/tickets/<id>`); default ZENDESK_BASE_URL's. */
  ALERT_TICKET_LINK_BASE?: string;
  /** "off" only in the bench: no isolate memory cache, every object reads as on a cold isolate (zendesk/account.ts). */
  TIERWISE_ISOLATE_CACHE?: string;
}

export function numberVar(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return value !== undefined && value !== '' && Number.isFinite(n) && n > 0 ? n : fallback;
}

// The runtime's own env (`import { env } from 'cloudflare:workers'`) carries the same bindings.
declare global {
  namespace Cloudflare {
    interface Env extends WorkerBindings {}
  }
}
type WorkerBindings = Env;
