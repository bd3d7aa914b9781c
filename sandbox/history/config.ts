/**
 * `npm start`'s history switches: SANDBOX_HISTORY (1 by default; 0 skips the past),
 * SANDBOX_HISTORY_DAYS (90) and SANDBOX_HISTORY_TICKETS (2000). A bad value stops the start
 * with a message naming the variable.
 */
export interface HistoryConfig {
  enabled: boolean;
  days: number;
  tickets: number;
}

function whole(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) throw new Error(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
  return n;
}

export function historyFromEnv(env: NodeJS.ProcessEnv): HistoryConfig {
  const flag = env.SANDBOX_HISTORY;
  if (flag !== undefined && flag !== '' && flag !== '0' && flag !== '1') throw new Error(`SANDBOX_HISTORY must be 1 (fill a past) or 0 (skip it) (got "${flag}")`);
  return { enabled: flag !== '0', days: whole(env, 'SANDBOX_HISTORY_DAYS', 90, 1, 365), tickets: whole(env, 'SANDBOX_HISTORY_TICKETS', 2000, 1, 20_000) };
}

/**
 * The worker's variables while a past is filled: every history ticket costs the worker about two
 * Zendesk requests, and the production budget (160 a minute) would spread a few thousand of them
 * over half an hour. The simulator is local, so the sandbox's worker may spend more.
 */
export function historyWorkerVars(config: HistoryConfig): Record<string, string> {
  return config.enabled ? { ZENDESK_RATE_LIMIT_PER_MINUTE: '30000' } : {};
}
