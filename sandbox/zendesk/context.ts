// Shared dependencies handed to every route module, and the Hono environment type.
import type { SimulatorStore } from './store.ts';
import type { FaultState } from './faults.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { WebhookDispatcher } from './webhooks.ts';
import type { User } from './types.ts';

export interface SimulatorConfig {
  email: string;
  apiToken: string;
  webhookSecret: string;
  webhookTargetUrl: string | undefined;
  rateLimitPerMinute: number;
  seed: boolean;
  appSettings: Record<string, string | number | boolean>;
  secureAppSettings: Record<string, string>;
  webhookRetryDelayMs: number;
  webhookTimeoutMs: number;
  /** The plan has ticket forms (Suite Growth and above, Support Enterprise); else 403 on /ticket_forms. */
  ticketForms: boolean;
}

export interface Deps {
  store: SimulatorStore;
  config: SimulatorConfig;
  faults: FaultState;
  rateLimiter: RateLimiter;
  /** The incremental export's own, lower limit (faults.incrementalExportPerMinute). */
  incrementalLimiter: RateLimiter;
  webhooks: WebhookDispatcher;
  /** Base URL the server is reachable at (for `url` and `next_page` fields). */
  baseUrl: () => string;
}

export interface AppEnv {
  Variables: {
    actor: User;
  };
}
