/**
 * Phase 5 of the fault run: let the worker recover. Sweep for lost webhooks, re-send late
 * duplicates, keep the faults on past the last L2 deadline, then clear them and wait until every
 * ticket matches its expectation or the worker has gone quiet.
 */
import type { Settings } from '../../shared/settings.ts';
import type { Burst, CreatedTicket } from './burst.ts';
import type { TicketVerdict } from './check.ts';
import type { FaultStack } from './fault-stack.ts';
import { pool, sleep } from './stack.ts';

/** Recovery under faults, up to the point where every L2 deadline has passed and the faults are cleared. */
export async function recoverPastDeadlines(stack: FaultStack, burst: Burst, settings: Settings, log: (line: string) => void): Promise<void> {
  const lastCreated = Math.max(...burst.created.map((c) => Date.parse(stack.simulator.store.tickets.get(c.id)!.created_at)));
  log(`burst done: ${burst.created.length} tickets; faults stay on until the last L2 deadline has passed`);
  await stack.sweep();
  // Late duplicates after the restart: the dedupe must have survived the kill.
  const beforeKill = (await stack.deliveries()).filter((d) => d.outcome === 'delivered' && d.source === 'event').slice(0, 10);
  await Promise.all(beforeKill.map((d) => stack.resend(d.body, d.invocation_id)));

  const lastDeadline = lastCreated + Math.round(settings.escalation_l2_hours * 3_600_000);
  while (Date.now() < lastDeadline + 2_000) {
    await sleep(Math.min(5_000, Math.max(0, lastDeadline + 2_000 - Date.now())));
    await stack.sweep();
  }
  await Promise.all(burst.agentActions);
  log('agent actions done; clearing the faults; waiting for the worker to settle');
  await stack.admin('DELETE', '/faults');
}

/** Check every ticket until all match, the timeout passes, or the worker has been quiet 20 s. */
export async function settle(
  stack: FaultStack,
  created: readonly CreatedTicket[],
  check: (ticket: CreatedTicket) => Promise<TicketVerdict>,
  timeoutMs: number,
  log: (line: string) => void,
): Promise<TicketVerdict[]> {
  const { simulator } = stack;
  const settleUntil = Date.now() + timeoutMs;
  // Quiet = no ticket work by the worker (our own checks are logged too, under the agent; the
  // sweep's export requests are the worker's but repeat every round).
  const workerCallCount = (): number => simulator.store.requestLog.filter((r) => !r.query.includes('harness=1') && !r.path.includes('/incremental/')).length;
  let lastCalls = workerCallCount();
  let quietSince = Date.now();
  for (;;) {
    await stack.sweep();
    await simulator.webhooksIdle();
    const verdicts = await pool(created, 8, check);
    const bad = verdicts.filter((v) => v.problems.length > 0);
    if (workerCallCount() !== lastCalls) quietSince = Date.now();
    lastCalls = workerCallCount();
    if (bad.length === 0 || Date.now() > settleUntil || Date.now() - quietSince > 20_000) {
      log(`settled: ${bad.length} ticket(s) differ from expected`);
      return verdicts;
    }
    await sleep(2_000);
  }
}
