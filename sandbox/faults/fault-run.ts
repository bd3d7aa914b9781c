/**
 * Fault-injection run: the Zendesk simulator and the real worker (`wrangler dev`) under a burst
 * of ticket events while Zendesk misbehaves: 429s (Team plan limit), 20% 5xx, latency spikes,
 * 409s from concurrent agent edits and injected conflicts, duplicate and out-of-order webhook
 * deliveries, and the worker SIGKILLed mid-run and restarted on the same persisted state.
 * After recovery every ticket must hold exactly what shared/ says it should: tier tag, priority
 * (raise-only against what the agent set), group, each escalation step exactly once (tag, note
 * line, audit row, and for L1 one chat alert) and a tier row in the audit trail.
 *
 * The phases, one file each: start the stack (fault-stack.ts); file tickets, inject faults, kill
 * and restart the worker (burst.ts, agents in scenarios.ts); recover and settle (settle.ts);
 * check every ticket (check.ts); figures (report.ts).
 */
import { parseSettings } from '../../shared/settings.ts';
import { tagVocabulary } from '../../shared/tags.ts';
import { injectBaseFaults, runBurst } from './burst.ts';
import { FAULT_ALERT_ROUTES } from './alerts-check.ts';
import { ticketChecker } from './check.ts';
import { startStack, type FaultStack } from './fault-stack.ts';
import { collectFigures, type FaultRunReport } from './report.ts';
import { recoverPastDeadlines, settle } from './settle.ts';
import { seededRandom } from './stack.ts';

export type { TicketVerdict } from './check.ts';
export { formatReport, type FaultRunReport } from './report.ts';

export interface FaultRunOptions {
  tickets: number;
  /** Long mode also runs the first-response steps (at risk, breached) on a seconds scale. */
  long: boolean;
  seed?: number;
  log?: (line: string) => void;
  /** The worker's own request budget (ZENDESK_RATE_LIMIT_PER_MINUTE); the simulator allows 200/min. */
  workerBudgetPerMinute?: number;
  /** Give up waiting for the settle after this long (ms after the faults are cleared). */
  settleTimeoutMs?: number;
  /** Keep wrangler's output here (one file per worker process). */
  workerLogDir?: string;
}

export async function runFaultRun(options: FaultRunOptions): Promise<FaultRunReport> {
  const started = Date.now();
  const sink = options.log ?? ((line: string) => console.log(line));
  const log = (line: string): void => sink(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${line}`);
  const random = seededRandom(options.seed ?? 20261128);
  const l1Seconds = options.long ? 45 : 25;
  const l2Seconds = l1Seconds + 15;
  // L2 comes within the run too, each run with its mode: the short one moves the ticket to the
  // department heads (unassigning an assignee outside them), the long one brings them in as followers.
  const appSettings: Record<string, number | string> = {
    alert_routes: FAULT_ALERT_ROUTES,
    escalation_l1_hours: l1Seconds / 3600,
    escalation_l2_hours: l2Seconds / 3600,
    escalation_l2_mode: options.long ? 'bring_in' : 'move',
    ...(options.long ? { sla_presale_hours: 30 / 3600, sla_insale_hours: 36 / 3600, sla_aftersale_hours: 40 / 3600 } : {}),
  };
  const settings = parseSettings(appSettings).settings;
  const vocabulary = tagVocabulary(settings.tag_prefix);

  const stack: FaultStack = await startStack({
    appSettings,
    ...(options.workerBudgetPerMinute !== undefined ? { workerBudgetPerMinute: options.workerBudgetPerMinute } : {}),
    ...(options.workerLogDir !== undefined ? { workerLogDir: options.workerLogDir } : {}),
  });
  try {
    log(`simulator ${stack.simulator.url}, worker ${stack.worker!.url} (persist ${stack.stateDir}); ${options.tickets} tickets, L1 after ${l1Seconds} s, L2 after ${l2Seconds} s (${appSettings.escalation_l2_mode})${options.long ? ', first-response targets 30-40 s' : ''}`);
    const baseFaults = await injectBaseFaults(stack, options.long);
    const burst = await runBurst({ stack, tickets: options.tickets, long: options.long, l1Seconds, vocabulary, random, log }, baseFaults);
    await recoverPastDeadlines(stack, burst, settings, log);
    const check = await ticketChecker(stack, settings, vocabulary, stack.worker!.url);
    const verdicts = await settle(stack, burst.created, check, options.settleTimeoutMs ?? 90_000, log);
    return await collectFigures(stack, burst.created.length, verdicts, started);
  } finally {
    await stack.close();
  }
}
