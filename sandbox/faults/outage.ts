/**
 * The outage scenario (`run.ts --scenario outage`): the real worker goes down for two simulated
 * hours while tickets are created, changed, solved and deleted, and Zendesk's webhook deliveries
 * to it are lost for good (as they would be, their retries long spent). Then it comes back and
 * its cron sweep alone must recover: every live ticket right (tier, priority, each due step once,
 * audit rows, alerts), every deleted ticket gone from its objects and D1.
 *
 * "Two simulated hours": the tickets filed during the outage are imported with creation times
 * spread over the two hours before the worker returns (Zendesk's ticket import), so all their
 * deadlines have passed; the changes themselves happen in seconds. The incremental export hides
 * the last minute of changes, so recovery takes at least that minute, as it would in Zendesk.
 */
import { parseSettings } from '../../shared/settings.ts';
import { tagVocabulary } from '../../shared/tags.ts';
import { FAULT_ALERT_ROUTES } from './alerts-check.ts';
import type { CreatedTicket } from './burst.ts';
import { ticketChecker } from './check.ts';
import { startStack, type ApiTicket, type FaultStack } from './fault-stack.ts';
import { d1Leftovers, ticketObjectsWithState } from './leftovers.ts';
import { collectFigures, type FaultRunReport } from './report.ts';
import { settle } from './settle.ts';
import { seededRandom, sleep } from './stack.ts';

const HOUR = 3_600_000;
const OUTAGE_MS = 2 * HOUR;
/** Zendesk's export leaves out the last minute of changes. */
const EXPORT_LAG_MS = 61_000;
const SCENE_TAGS = ['scene_presale', 'scene_insale', 'scene_aftersale'];

type Deletion = 'soft_deleted' | 'marked_as_spam' | 'permanently_deleted';
/** What happens to a ticket while the worker is down. */
type OutageAction = 'untouched' | 'solved' | 'raised' | 'restored' | Deletion;

export interface OutageRunOptions {
  /** Tickets in all: a third filed before the outage, the rest during it. */
  tickets: number;
  seed?: number;
  log?: (line: string) => void;
  settleTimeoutMs?: number;
  workerLogDir?: string;
}

export interface OutageRunReport extends FaultRunReport {
  deleted: number;
  /** What deleted tickets left behind (D1 rows, objects with storage). */
  leftovers: string[];
}

export async function runOutageRun(options: OutageRunOptions): Promise<OutageRunReport> {
  const started = Date.now();
  const sink = options.log ?? ((line: string) => console.log(line));
  const log = (line: string): void => sink(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${line}`);
  const random = seededRandom(options.seed ?? 20261129);
  const appSettings: Record<string, number | string> = { alert_routes: FAULT_ALERT_ROUTES, escalation_l1_hours: 25 / 3600, escalation_l2_hours: 40 / 3600, escalation_l2_mode: 'move' };
  const settings = parseSettings(appSettings).settings;
  const vocabulary = tagVocabulary(settings.tag_prefix);
  const stack = await startStack({ appSettings, ...(options.workerLogDir !== undefined ? { workerLogDir: options.workerLogDir } : {}) });
  try {
    const before = Math.max(1, Math.round(options.tickets / 3));
    log(`simulator ${stack.simulator.url}, worker ${stack.worker!.url}; ${before} tickets before the outage, ${options.tickets - before} during it`);
    const known = await fileKnownTickets(stack, before);
    await stack.sweep(); // the sweep's cursor starts before the outage

    log('outage: SIGKILL the worker; webhook deliveries are lost for two simulated hours');
    await stack.worker!.kill();
    stack.worker = null;
    await stack.admin('POST', '/webhooks/pause');
    const actions = new Map<number, OutageAction>();
    for (const id of known) actions.set(id, draw(random, ['untouched', 'untouched', 'solved', 'raised', 'restored', 'soft_deleted', 'marked_as_spam', 'permanently_deleted']));
    for (const id of await importDuringOutage(stack, options.tickets - before)) actions.set(id, draw(random, ['untouched', 'untouched', 'untouched', 'solved', 'soft_deleted']));
    for (const [id, action] of actions) await act(stack, id, action);
    const deleted = [...actions].filter(([, a]) => a === 'soft_deleted' || a === 'marked_as_spam' || a === 'permanently_deleted').map(([id]) => id);
    const live: CreatedTicket[] = [...actions].filter(([id]) => !deleted.includes(id)).map(([id, action]) => ({ id, scenario: action === 'solved' || action === 'raised' ? action : 'untouched' }));
    const lastChange = Date.now();

    log(`the worker comes back: ${live.length} live tickets to recover, ${deleted.length} deleted; the export shows a change a minute after it`);
    stack.worker = await stack.startWorker();
    stack.restarts += 1;
    await stack.admin('POST', '/webhooks/resume');
    while (Date.now() < lastChange + EXPORT_LAG_MS) {
      await stack.sweep();
      await sleep(3_000);
    }
    const check = await ticketChecker(stack, settings, vocabulary, stack.worker.url);
    const verdicts = await settle(stack, live, check, options.settleTimeoutMs ?? 120_000, log);
    const leftovers = await deletedLeftovers(stack, deleted, Date.now() + 60_000);
    log(`deleted tickets: ${leftovers.length === 0 ? 'nothing left behind' : leftovers.join('; ')}`);
    const figures = await collectFigures(stack, options.tickets, verdicts, started);
    return { ...figures, lost: figures.lost + (leftovers.length > 0 ? 1 : 0), deleted: deleted.length, leftovers };
  } finally {
    await stack.close();
  }
}

function draw<T>(random: () => number, from: readonly T[]): T {
  return from[Math.floor(random() * from.length)]!;
}

function requesters(stack: FaultStack): number[] {
  const u = stack.ids.users;
  return [u.coreCustomer, u.basicCustomer, u.potentialCustomer, u.coreByOrdersCustomer, u.overrideCustomer, u.noOrgCoreCustomer, u.noDataCustomer, u.coreCustomer2];
}

/** Tickets filed while the worker is up: their webhooks reach it, and it applies their tiers. */
async function fileKnownTickets(stack: FaultStack, count: number): Promise<number[]> {
  const ids: number[] = [];
  const who = requesters(stack);
  for (let i = 0; i < count; i++) {
    const { json } = await stack.agent.call<{ ticket: ApiTicket }>('POST', '/api/v2/tickets.json', {
      ticket: { subject: `Before the outage ${i}`, comment: { body: `Ticket ${i}` }, requester_id: who[i % who.length], tags: [SCENE_TAGS[i % SCENE_TAGS.length]] },
    });
    ids.push(json.ticket.id);
  }
  await stack.simulator.webhooksIdle();
  const until = Date.now() + 60_000;
  const tiered = (id: number): boolean => stack.simulator.store.tickets.get(id)?.tags.some((t) => t.includes('_tier_')) ?? false;
  while (Date.now() < until && !ids.every(tiered)) await sleep(500);
  return ids;
}

/** Tickets created during the outage, spread over its two simulated hours (ticket import). */
async function importDuringOutage(stack: FaultStack, count: number): Promise<number[]> {
  const ids: number[] = [];
  const who = requesters(stack);
  const start = Date.now() - OUTAGE_MS;
  for (let i = 0; i < count; i++) {
    const at = new Date(start + Math.round((OUTAGE_MS * i) / Math.max(1, count))).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const requester = who[i % who.length]!;
    const { json } = await stack.agent.call<{ ticket: ApiTicket }>('POST', '/api/v2/imports/tickets.json', {
      ticket: { subject: `During the outage ${i}`, requester_id: requester, created_at: at, updated_at: at, tags: [SCENE_TAGS[i % SCENE_TAGS.length]], comments: [{ author_id: requester, value: `Ticket ${i}`, created_at: at }] },
    });
    ids.push(json.ticket.id);
  }
  return ids;
}

async function act(stack: FaultStack, id: number, action: OutageAction): Promise<void> {
  const agent = stack.agent;
  switch (action) {
    case 'untouched':
      return;
    case 'solved':
      await agent.call('PUT', `/api/v2/tickets/${id}.json`, { ticket: { status: 'solved' } });
      return;
    case 'raised':
      await agent.call('PUT', `/api/v2/tickets/${id}.json`, { ticket: { priority: 'urgent' } });
      return;
    case 'restored':
      await agent.call('DELETE', `/api/v2/tickets/${id}.json`);
      await agent.call('PUT', `/api/v2/deleted_tickets/${id}/restore.json`);
      return;
    case 'soft_deleted':
      await agent.call('DELETE', `/api/v2/tickets/${id}.json`);
      return;
    case 'marked_as_spam':
      await agent.call('PUT', `/api/v2/tickets/${id}/mark_as_spam.json`);
      return;
    case 'permanently_deleted':
      await agent.call('DELETE', `/api/v2/tickets/${id}.json`);
      await agent.call('DELETE', `/api/v2/deleted_tickets/${id}.json`);
      return;
  }
}

/**
 * Sweeps until the deleted tickets left nothing behind, or the deadline: what is left, if anything.
 * Objects with storage may number at most the tickets Zendesk still has (the care run files some too).
 */
async function deletedLeftovers(stack: FaultStack, deleted: readonly number[], deadline: number): Promise<string[]> {
  for (;;) {
    const rows = await d1Leftovers(stack.stateDir, deleted);
    const objects = await ticketObjectsWithState(stack.stateDir);
    const live = stack.simulator.store.tickets.size;
    const left = [...rows, ...(objects > live ? [`${objects - live} ticket object(s) beyond the ${live} tickets in Zendesk still hold storage`] : [])];
    if (left.length === 0 || Date.now() > deadline) return left;
    await stack.sweep();
    await sleep(3_000);
  }
}

