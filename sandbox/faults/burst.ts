/**
 * Phases 2-4 of the fault run, interleaved as they happen in production: file a burst of tickets
 * (each with its agent action), inject faults while they arrive (429 bursts, a latency spike,
 * duplicate and out-of-order deliveries), and SIGKILL the worker mid-burst and restart it on its
 * persisted state.
 */
import { randomUUID } from 'node:crypto';
import type { TagVocabulary } from '../../shared/tags.ts';
import type { ApiTicket, FaultStack } from './fault-stack.ts';
import { actAsAgent, retierCustomer, SCENARIOS, type Scenario } from './scenarios.ts';
import { sleep } from './stack.ts';

export interface CreatedTicket {
  id: number;
  scenario: Scenario;
}

export interface BaseFaults {
  errorRate: number;
  latencyMs: number;
  latencyJitterMs: number;
  conflictRate: number;
  rateLimitPerMinute: number;
}

export interface BurstContext {
  stack: FaultStack;
  tickets: number;
  long: boolean;
  l1Seconds: number;
  vocabulary: TagVocabulary;
  random: () => number;
  log: (line: string) => void;
}

export interface Burst {
  created: CreatedTicket[];
  /** The agents' actions, still running: they end within half the L1 time. */
  agentActions: Promise<void>[];
}

const SCENE_TAGS = ['scene_presale', 'scene_insale', 'scene_aftersale'];

/**
 * Faults on for the whole run. The long run has the Team plan's real limit (200/min,
 * Retry-After up to 60 s) throughout; the short one, to stay well inside two minutes, gets
 * bursts of 429 (Retry-After: 1) instead.
 */
export async function injectBaseFaults(stack: FaultStack, long: boolean): Promise<BaseFaults> {
  const baseFaults: BaseFaults = { errorRate: 0.2, latencyMs: 20, latencyJitterMs: 20, conflictRate: 0.1, rateLimitPerMinute: long ? 200 : 0 };
  await stack.admin('POST', '/faults', baseFaults);
  return baseFaults;
}

export async function runBurst(ctx: BurstContext, baseFaults: BaseFaults): Promise<Burst> {
  const { stack } = ctx;
  const burst: Burst = { created: [], agentActions: [] };
  const killAt = Math.floor(ctx.tickets * 0.45);
  const restartAfter = Math.floor(ctx.tickets * 0.6);
  const spikeAt = Math.floor(ctx.tickets * 0.25);
  let restarting: Promise<void> | null = null;
  const paceMs = ctx.long ? 60 : 90;
  // Closed while the worker is down: filed well before the kill, so their tier has landed.
  const closedRetier = new Set([Math.floor(killAt * 0.1), Math.floor(killAt * 0.5)]);
  for (let i = 0; i < ctx.tickets; i++) {
    await createTicket(ctx, burst, i, closedRetier.has(i) ? 'closed_retier' : undefined);
    await injectFaults(ctx, baseFaults, i, spikeAt);
    if (i === killAt) await killWorker(ctx, i);
    if (i === restartAfter && !stack.worker && !restarting) restarting = restartWorker(ctx, i);
    if (i % 5 === 4 && stack.worker) await resendDeliveries(ctx);
    await sleep(paceMs);
  }
  if (restarting) await restarting;
  if (!stack.worker) {
    stack.worker = await stack.startWorker();
    stack.restarts += 1;
  }
  return burst;
}

/** File ticket i for its requester and scene (its scenario drawn unless placed), and start its agent's action. */
async function createTicket(ctx: BurstContext, burst: Burst, i: number, placed?: Scenario): Promise<void> {
  const { stack } = ctx;
  const users = stack.ids.users;
  const requesters = [users.coreCustomer, users.basicCustomer, users.potentialCustomer, users.coreByOrdersCustomer, users.basicCustomer, users.overrideCustomer, users.noOrgCoreCustomer, users.noDataCustomer, users.coreCustomer2];
  const drawn = SCENARIOS[Math.floor(ctx.random() * SCENARIOS.length)]!;
  const scenario = placed ?? drawn;
  const requester = scenario === 'closed_retier' ? await retierCustomer(stack.agent, i) : requesters[i % requesters.length]!;
  const { json } = await stack.agent.call<{ ticket: ApiTicket }>('POST', '/api/v2/tickets.json', {
    ticket: { subject: `Fault run ${i}`, comment: { body: `Fault run ticket ${i}` }, requester_id: requester, tags: [SCENE_TAGS[i % SCENE_TAGS.length]!] },
  });
  const id = json.ticket.id;
  burst.created.push({ id, scenario });
  const agentContext = { agent: stack.agent, agentId: users.agent, simulator: stack.simulator, vocabulary: ctx.vocabulary, l1Seconds: ctx.l1Seconds, random: ctx.random, workerDown: () => stack.worker === null };
  burst.agentActions.push(actAsAgent(agentContext, id, scenario).catch((error: unknown) => ctx.log(`agent action on ${id} failed: ${String(error)}`)));
}

/** Short run: a burst of 429s every 6 tickets; both runs: one latency spike for 3 s. */
async function injectFaults(ctx: BurstContext, baseFaults: BaseFaults, i: number, spikeAt: number): Promise<void> {
  const { stack } = ctx;
  if (!ctx.long && i % 6 === 0) await stack.admin('POST', '/faults', { failNext: 6, failStatus: 429 });
  if (i === spikeAt) {
    ctx.log('latency spike: 600 +- 400 ms for 3 s');
    await stack.admin('POST', '/faults', { latencyMs: 600, latencyJitterMs: 400 });
    setTimeout(() => void stack.admin('POST', '/faults', { latencyMs: baseFaults.latencyMs, latencyJitterMs: baseFaults.latencyJitterMs }).catch(() => undefined), 3_000);
  }
}

async function killWorker(ctx: BurstContext, i: number): Promise<void> {
  const { stack } = ctx;
  if (!stack.worker) return;
  ctx.log(`SIGKILL the worker's process group (pid ${stack.worker.pid}) after ${i + 1} tickets`);
  await stack.worker.kill();
  stack.worker = null;
}

/** Restart in the background: tickets keep being filed while the worker comes up. */
function restartWorker(ctx: BurstContext, i: number): Promise<void> {
  const { stack } = ctx;
  ctx.log('restarting the worker on the same persisted state');
  return stack.startWorker().then((w) => {
    stack.worker = w;
    stack.restarts += 1;
    ctx.log(`worker back after ${i + 1} tickets were filed`);
  });
}

/** Duplicates and out-of-order deliveries: re-send delivered payloads, and older snapshots. */
async function resendDeliveries(ctx: BurstContext): Promise<void> {
  const { stack, random } = ctx;
  const delivered = (await stack.deliveries()).filter((d) => d.outcome === 'delivered' && d.source === 'event');
  for (const d of delivered.filter(() => random() < 0.15).slice(0, 6)) void stack.resend(d.body, d.invocation_id);
  const olds = delivered.filter((d) => d.event_type === 'zen:event-type:ticket.created' && random() < 0.1).slice(0, 3);
  for (const d of olds) {
    const payload = JSON.parse(d.body) as Record<string, unknown>;
    // An older snapshot under a new event id, arriving after newer ones.
    void stack.resend(JSON.stringify({ ...payload, id: randomUUID(), type: 'zen:event-type:ticket.priority_changed' }));
  }
}
