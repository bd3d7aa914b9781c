/** Phase 7 of the fault run: the figures, from the simulator's request log and the verdicts, and their text. */
import type { TicketVerdict } from './check.ts';
import type { FaultStack, ResendCounts } from './fault-stack.ts';
import { isTransient } from './resends.ts';

export interface FaultRunReport {
  tickets: number;
  eventsSent: number;
  webhookDeliveries: number;
  webhookDeliveryAttempts: number;
  webhookDeliveriesFailed: number;
  harnessResends: ResendCounts;
  applied: number;
  duplicatesDropped: number;
  staleDropped: number;
  retries: { rateLimited429: number; serverErrors5xx: number; conflicts409: number };
  zendeskCalls: number;
  workerRestarts: number;
  lost: number;
  duplicatedSteps: number;
  /** Worker PUTs Zendesk refused for good (a 4xx other than 404, 409 and 429). */
  refusedChanges: number;
  /** Changes the worker sent again after a final answer (see resends.ts). */
  resentAfterFinal: number;
  verdicts: TicketVerdict[];
  durationS: number;
}

export async function collectFigures(stack: FaultStack, tickets: number, verdicts: TicketVerdict[], started: number): Promise<FaultRunReport> {
  const all = await stack.deliveries();
  // The worker's calls: everything but ours (marked harness=1).
  const requestLog = stack.simulator.store.requestLog.filter((r) => !r.query.includes('harness=1'));
  const countStatus = (pred: (s: number) => boolean): number => requestLog.filter((r) => pred(r.status)).length;
  return {
    tickets,
    eventsSent: stack.eventsSent + all.length,
    webhookDeliveries: all.length,
    webhookDeliveryAttempts: all.reduce((s, d) => s + d.attempts.length, 0),
    webhookDeliveriesFailed: all.filter((d) => d.outcome === 'failed').length,
    harnessResends: stack.resends,
    applied: requestLog.filter((r) => r.method === 'PUT' && r.status === 200 && r.actor_id === stack.ids.adminId).length,
    duplicatesDropped: stack.resends.duplicate,
    staleDropped: stack.resends.stale,
    retries: {
      rateLimited429: countStatus((s) => s === 429),
      serverErrors5xx: countStatus((s) => s >= 500),
      conflicts409: countStatus((s) => s === 409),
    },
    zendeskCalls: requestLog.length,
    workerRestarts: stack.restarts,
    lost: verdicts.filter((v) => v.problems.length > 0).length,
    duplicatedSteps: verdicts.reduce((s, v) => s + v.problems.filter((p) => p.startsWith('duplicated')).length, 0),
    refusedChanges: requestLog.filter((r) => r.method === 'PUT' && r.actor_id === stack.ids.adminId && r.status >= 400 && r.status < 500 && !isTransient(r.status) && r.status !== 404).length,
    resentAfterFinal: verdicts.reduce((s, v) => s + v.problems.filter((p) => p.startsWith('change resent')).length, 0),
    verdicts,
    durationS: (Date.now() - started) / 1000,
  };
}

export function formatReport(r: FaultRunReport, verbose = false): string {
  const lines = [
    `tickets               ${r.tickets}`,
    `events sent           ${r.eventsSent} (${r.webhookDeliveries} simulator deliveries in ${r.webhookDeliveryAttempts} attempts, ${r.webhookDeliveriesFailed} failed for good; ${r.eventsSent - r.webhookDeliveries} re-sent/out-of-order by the harness)`,
    `harness re-sends      accepted ${r.harnessResends.accepted}, duplicate ${r.harnessResends.duplicate}, stale ${r.harnessResends.stale}, other/worker down ${r.harnessResends.other}`,
    `applied (worker PUTs) ${r.applied}`,
    `duplicates dropped    ${r.duplicatesDropped}`,
    `stale dropped         ${r.staleDropped}`,
    `retries               429: ${r.retries.rateLimited429}, 5xx: ${r.retries.serverErrors5xx}, 409: ${r.retries.conflicts409}`,
    `Zendesk calls         ${r.zendeskCalls} (worker)`,
    `worker restarts       ${r.workerRestarts} (SIGKILL of the process group)`,
    `refused changes       ${r.refusedChanges} (Zendesk's permanent 4xx; resent after a final answer: ${r.resentAfterFinal})`,
    `duplicated steps      ${r.duplicatedSteps}`,
    `lost                  ${r.lost}`,
    `duration              ${r.durationS.toFixed(0)} s`,
    `lost ${r.lost}, duplicated steps ${r.duplicatedSteps}`,
  ];
  for (const v of r.verdicts.filter((x) => x.problems.length > 0)) {
    lines.push(`  ticket ${v.id} (${v.scenario}): ${v.problems.join('; ')}`);
    if (verbose) for (const h of [...v.history, ...v.audit.map((a) => `audit ${a}`)]) lines.push(`      ${h}`);
  }
  return lines.join('\n');
}
