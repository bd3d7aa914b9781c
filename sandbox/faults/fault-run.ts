/**
 * Fault-injection run: the Zendesk simulator and the real worker (`wrangler dev`) under a burst
 * of ticket events while Zendesk misbehaves: 429s (Team plan limit), 20% 5xx, latency spikes,
 * 409s from concurrent agent edits and injected conflicts, duplicate and out-of-order webhook
 * deliveries, and the worker SIGKILLed mid-run and restarted on the same persisted state.
 * After recovery every ticket must hold exactly what shared/ says it should: tier tag, priority
 * (raise-only against what the agent set), group, each escalation step exactly once (tag, note
 * line, audit row) and a tier row in the audit trail.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { toPriority, toStatus, type Priority } from '../../shared/domain.ts';
import { escalationNote } from '../../shared/explain.ts';
import { raiseOnly, tierPriority } from '../../shared/priority.ts';
import { resolveScene } from '../../shared/scene.ts';
import { parseSettings } from '../../shared/settings.ts';
import { dueSteps, firstResponseTargetMs, startClock, STEPS, type Step } from '../../shared/sla.ts';
import { tagVocabulary } from '../../shared/tags.ts';
import { classifyTier } from '../../shared/tier.ts';
import { freePort } from '../lib/ports.ts';
import { SEED_EMAILS, startZendeskSimulator, type RunningSimulator } from '../zendesk/server.ts';
import type { Delivery, TicketHistoryEntry } from '../zendesk/types.ts';
import { pool, seededRandom, sendSigned, sleep, startKillableWorker, ZendeskApi, type KillableWorker } from './stack.ts';

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

export interface TicketVerdict {
  id: number;
  scenario: Scenario;
  problems: string[];
  /** For a ticket that differs: its simulator history and audit rows. */
  history: string[];
  audit: string[];
}

export interface FaultRunReport {
  tickets: number;
  eventsSent: number;
  webhookDeliveries: number;
  webhookDeliveryAttempts: number;
  webhookDeliveriesFailed: number;
  harnessResends: { accepted: number; duplicate: number; stale: number; other: number };
  applied: number;
  duplicatesDropped: number;
  staleDropped: number;
  retries: { rateLimited429: number; serverErrors5xx: number; conflicts409: number };
  zendeskCalls: number;
  workerRestarts: number;
  lost: number;
  duplicatedSteps: number;
  verdicts: TicketVerdict[];
  durationS: number;
}

type Scenario = 'untouched' | 'taken' | 'solved' | 'raised' | 'lowered' | 'stale_tags' | 'safe_edit';
const SCENARIOS: Scenario[] = ['untouched', 'untouched', 'taken', 'solved', 'raised', 'lowered', 'stale_tags', 'safe_edit', 'untouched', 'taken'];
const AGENT_TAG = { stale_tags: 'agent_followup', safe_edit: 'agent_checked' } as const;

const creds = { email: 'admin@tierwise.test', apiToken: 'faults-token' };
const secret = 'faults-webhook-secret';
const sidebarToken = 'faults-sidebar-token';

interface ApiTicket {
  id: number;
  status: string;
  priority: string | null;
  tags: string[];
  group_id: number | null;
  assignee_id: number | null;
  requester_id: number;
  created_at: string;
  updated_at: string;
  custom_fields: Array<{ id: number; value: unknown }>;
}

export async function runFaultRun(options: FaultRunOptions): Promise<FaultRunReport> {
  const started = Date.now();
  const sink = options.log ?? ((line: string) => console.log(line));
  const log = (line: string): void => sink(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${line}`);
  const random = seededRandom(options.seed ?? 20261128);
  const l1Seconds = options.long ? 45 : 25;
  const appSettings: Record<string, number> = {
    escalation_l1_hours: l1Seconds / 3600,
    escalation_l2_hours: 2,
    ...(options.long ? { sla_presale_hours: 30 / 3600, sla_insale_hours: 36 / 3600, sla_aftersale_hours: 40 / 3600 } : {}),
  };
  const settings = parseSettings(appSettings).settings;
  const vocabulary = tagVocabulary(settings.tag_prefix);

  const workerPort = await freePort();
  let sim: RunningSimulator | null = null;
  let worker: KillableWorker | null = null;
  const stateDir = mkdtempSync(path.join(tmpdir(), 'tierwise-faults-'));
  try {
    sim = await startZendeskSimulator({
      port: 0, ...creds, webhookSecret: secret, webhookTargetUrl: `http://127.0.0.1:${workerPort}/webhooks/zendesk`, rateLimitPerMinute: 0, appSettings,
    });
    const simulator = sim;
    const ids = simulator.ids!;
    const workerVars = {
      ZENDESK_BASE_URL: simulator.url, ZENDESK_EMAIL: creds.email, ZENDESK_API_TOKEN: creds.apiToken, ZENDESK_WEBHOOK_SECRET: secret,
      TIERWISE_API_TOKEN: sidebarToken, ZENDESK_RATE_LIMIT_PER_MINUTE: String(options.workerBudgetPerMinute ?? 400),
    };
    if (options.workerLogDir) rmSync(options.workerLogDir, { recursive: true, force: true });
    let starts = 0;
    const start = () => startKillableWorker({
      port: workerPort, persistDir: stateDir, vars: workerVars, testScheduled: true,
      ...(options.workerLogDir ? { logFile: path.join(options.workerLogDir, `worker-${starts++}.log`) } : {}),
    });
    worker = await start();
    log(`simulator ${simulator.url}, worker ${worker.url} (persist ${stateDir}); ${options.tickets} tickets, L1 after ${l1Seconds} s${options.long ? ', first-response targets 30-40 s' : ''}`);

    const admin = async <T>(method: string, p: string, body?: unknown): Promise<T> => {
      const response = await fetch(`${simulator.url}/__admin${p}`, { method, ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }) });
      if (!response.ok) throw new Error(`admin ${method} ${p} -> ${response.status}`);
      return (await response.json()) as T;
    };
    const agent = new ZendeskApi(simulator.url, SEED_EMAILS.agent, creds.apiToken);
    const agentId = ids.users.agent;
    const requesters = [ids.users.coreCustomer, ids.users.basicCustomer, ids.users.potentialCustomer, ids.users.coreByOrdersCustomer, ids.users.basicCustomer, ids.users.overrideCustomer, ids.users.noOrgCoreCustomer, ids.users.noDataCustomer, ids.users.coreCustomer2];
    const scenes = ['scene_presale', 'scene_insale', 'scene_aftersale'];
    const getTicket = async (id: number): Promise<ApiTicket> => (await agent.get<{ ticket: ApiTicket }>(`/api/v2/tickets/${id}.json`)).ticket;

    // ----- faults on
    // The long run has the Team plan's real limit (200/min, Retry-After up to 60 s) throughout;
    // the short one, to stay well inside two minutes, gets bursts of 429 (Retry-After: 1) instead.
    const baseFaults = { errorRate: 0.2, latencyMs: 20, latencyJitterMs: 20, conflictRate: 0.1, rateLimitPerMinute: options.long ? 200 : 0 };
    await admin('POST', '/faults', baseFaults);

    const created: Array<{ id: number; scenario: Scenario; firstBody: string | null }> = [];
    const resends = { accepted: 0, duplicate: 0, stale: 0, other: 0 };
    let eventsSent = 0;
    const resend = async (body: string, invocationId?: string): Promise<void> => {
      if (!worker) return;
      eventsSent += 1;
      try {
        const result = await sendSigned(worker.url, secret, body, invocationId);
        const status = result.body?.status;
        if (status === 'accepted' || status === 'duplicate' || status === 'stale') resends[status] += 1;
        else resends.other += 1;
      } catch {
        resends.other += 1; // the worker is down: Zendesk would retry, we just count it
      }
    };
    const deliveries = async (): Promise<Delivery[]> => (await admin<{ deliveries: Delivery[] }>('GET', '/deliveries')).deliveries;

    const agentActions: Array<Promise<void>> = [];
    const act = async (id: number, scenario: Scenario): Promise<void> => {
      switch (scenario) {
        case 'untouched':
          return;
        case 'taken':
          await agent.call('PUT', `/api/v2/tickets/${id}.json`, { ticket: { assignee_id: agentId, status: 'open' } });
          return;
        case 'solved':
          await agent.call('PUT', `/api/v2/tickets/${id}.json`, { ticket: { status: 'solved' } });
          return;
        case 'raised':
          await agent.call('PUT', `/api/v2/tickets/${id}.json`, { ticket: { priority: 'urgent' } });
          return;
        case 'lowered': {
          // Lower the priority on purpose once Tierwise has set it: it must not be overruled.
          // Watched through the simulator's store: looking costs no API budget.
          const until = Date.now() + (l1Seconds * 1000) / 2;
          while (Date.now() < until) {
            const t = simulator.store.tickets.get(id);
            if (t && t.tags.some((tag) => vocabulary.tierOf(tag) !== null)) {
              await agent.call('PUT', `/api/v2/tickets/${id}.json`, { ticket: { priority: 'low' } });
              return;
            }
            await sleep(300);
          }
          return;
        }
        case 'stale_tags': {
          // An agent form opened before Tierwise's change saves the whole tag list it saw.
          const seen = await getTicket(id);
          await sleep(400);
          await agent.call('PUT', `/api/v2/tickets/${id}.json`, { ticket: { tags: [...seen.tags, AGENT_TAG.stale_tags] } });
          return;
        }
        case 'safe_edit': {
          for (let attempt = 0; attempt < 20; attempt++) {
            const t = await getTicket(id);
            const { status } = await agent.call('PUT', `/api/v2/tickets/${id}.json`, { ticket: { tags: [...t.tags, AGENT_TAG.safe_edit], safe_update: true, updated_stamp: t.updated_at } });
            if (status !== 409) return;
            await sleep(50 + 100 * random());
          }
          throw new Error(`safe edit of ticket ${id} kept conflicting`);
        }
      }
    };

    // ----- the burst, with the worker killed and restarted in the middle
    const killAt = Math.floor(options.tickets * 0.45);
    const restartAfter = Math.floor(options.tickets * 0.6);
    const spikeAt = Math.floor(options.tickets * 0.25);
    let restarts = 0;
    let restarting: Promise<void> | null = null;
    const paceMs = options.long ? 60 : 90;
    for (let i = 0; i < options.tickets; i++) {
      const scenario = SCENARIOS[Math.floor(random() * SCENARIOS.length)]!;
      const requesterId = requesters[i % requesters.length]!;
      const { json } = await agent.call<{ ticket: ApiTicket }>('POST', '/api/v2/tickets.json', {
        ticket: { subject: `Fault run ${i}`, comment: { body: `Fault run ticket ${i}` }, requester_id: requesterId, tags: [scenes[i % scenes.length]!] },
      });
      created.push({ id: json.ticket.id, scenario, firstBody: null });
      agentActions.push(act(json.ticket.id, scenario).catch((error: unknown) => log(`agent action on ${json.ticket.id} failed: ${String(error)}`)));

      if (!options.long && i % 6 === 0) await admin('POST', '/faults', { failNext: 6, failStatus: 429 });
      if (i === spikeAt) {
        log('latency spike: 600 +- 400 ms for 3 s');
        await admin('POST', '/faults', { latencyMs: 600, latencyJitterMs: 400 });
        setTimeout(() => void admin('POST', '/faults', { latencyMs: baseFaults.latencyMs, latencyJitterMs: baseFaults.latencyJitterMs }).catch(() => undefined), 3_000);
      }
      if (i === killAt && worker) {
        log(`SIGKILL the worker's process group (pid ${worker.pid}) after ${i + 1} tickets`);
        await worker.kill();
        worker = null;
      }
      if (i === restartAfter && !worker && !restarting) {
        log('restarting the worker on the same persisted state');
        restarting = start().then((w) => {
          worker = w;
          restarts += 1;
          log(`worker back after ${i + 1} tickets were filed`);
        });
      }
      // Duplicates and out-of-order deliveries: re-send delivered payloads, and older snapshots.
      if (i % 5 === 4 && worker) {
        const delivered = (await deliveries()).filter((d) => d.outcome === 'delivered' && d.source === 'event');
        for (const d of delivered.filter(() => random() < 0.15).slice(0, 6)) void resend(d.body, d.invocation_id);
        const olds = delivered.filter((d) => d.event_type === 'zen:event-type:ticket.created' && random() < 0.1).slice(0, 3);
        for (const d of olds) {
          const payload = JSON.parse(d.body) as Record<string, unknown>;
          // An older snapshot under a new event id, arriving after newer ones.
          void resend(JSON.stringify({ ...payload, id: randomUUID(), type: 'zen:event-type:ticket.priority_changed' }));
        }
      }
      await sleep(paceMs);
    }
    if (restarting) await restarting;
    if (!worker) {
      worker = await start();
      restarts += 1;
    }
    const lastCreated = Math.max(...created.map((c) => Date.parse(simulator.store.tickets.get(c.id)!.created_at)));
    log(`burst done: ${created.length} tickets; faults stay on until the last L1 deadline has passed`);

    // The cron sweep finds tickets whose webhooks were lost while the worker was down
    // (wrangler dev runs no crons; /__scheduled fires the worker's scheduled handler).
    const sweep = async (): Promise<void> => {
      if (!worker) return;
      await fetch(`${worker.url}/__scheduled?cron=${encodeURIComponent('*/5 * * * *')}`).then((r) => r.arrayBuffer()).catch(() => undefined);
    };
    await sweep();
    // Late duplicates after the restart: the dedupe must have survived the kill.
    const beforeKill = (await deliveries()).filter((d) => d.outcome === 'delivered' && d.source === 'event').slice(0, 10);
    await Promise.all(beforeKill.map((d) => resend(d.body, d.invocation_id)));

    const lastDeadline = lastCreated + Math.round(settings.escalation_l1_hours * 3_600_000);
    while (Date.now() < lastDeadline + 2_000) {
      await sleep(Math.min(5_000, Math.max(0, lastDeadline + 2_000 - Date.now())));
      await sweep();
    }
    await Promise.all(agentActions);
    log('agent actions done; clearing the faults; waiting for the worker to settle');
    await admin('DELETE', '/faults');

    // ----- settle: until every ticket matches, or the worker has been quiet a while
    const expectOf = await expectationBuilder(simulator, agent, settings, vocabulary, worker.url);
    const settleUntil = Date.now() + (options.settleTimeoutMs ?? 90_000);
    let verdicts: TicketVerdict[] = [];
    // Quiet = no ticket work by the worker (our own checks are logged too, under the agent; the
    // sweep's searches are the worker's but repeat every round).
    const workerCallCount = (): number => simulator.store.requestLog.filter((r) => !r.query.includes('harness=1') && !r.path.includes('/search')).length;
    let lastCalls = workerCallCount();
    let quietSince = Date.now();
    for (;;) {
      await sweep();
      await simulator.webhooksIdle();
      verdicts = await pool(created, 8, (c) => expectOf(c.id, c.scenario));
      const bad = verdicts.filter((v) => v.problems.length > 0);
      if (workerCallCount() !== lastCalls) quietSince = Date.now();
      lastCalls = workerCallCount();
      if (bad.length === 0 || Date.now() > settleUntil || Date.now() - quietSince > 20_000) {
        log(`settled: ${bad.length} ticket(s) differ from expected`);
        break;
      }
      await sleep(2_000);
    }

    // ----- figures
    const all = await deliveries();
    // The worker's calls: everything but ours (marked harness=1).
    const requestLog = simulator.store.requestLog.filter((r) => !r.query.includes('harness=1'));
    const workerEntries = requestLog.length;
    const countStatus = (pred: (s: number) => boolean): number => requestLog.filter((r) => pred(r.status)).length;
    const verdictsBad = verdicts.filter((v) => v.problems.length > 0);
    return {
      tickets: created.length,
      eventsSent: eventsSent + all.length,
      webhookDeliveries: all.length,
      webhookDeliveryAttempts: all.reduce((s, d) => s + d.attempts.length, 0),
      webhookDeliveriesFailed: all.filter((d) => d.outcome === 'failed').length,
      harnessResends: resends,
      applied: requestLog.filter((r) => r.method === 'PUT' && r.status === 200 && r.actor_id === ids.adminId).length,
      duplicatesDropped: resends.duplicate,
      staleDropped: resends.stale,
      retries: {
        rateLimited429: countStatus((s) => s === 429),
        serverErrors5xx: countStatus((s) => s >= 500),
        conflicts409: countStatus((s) => s === 409),
      },
      zendeskCalls: workerEntries,
      workerRestarts: restarts,
      lost: verdictsBad.length,
      duplicatedSteps: verdicts.reduce((s, v) => s + v.problems.filter((p) => p.startsWith('duplicated')).length, 0),
      verdicts,
      durationS: (Date.now() - started) / 1000,
    };
  } finally {
    const w = worker as KillableWorker | null;
    await w?.stop().catch(() => undefined);
    await sim?.close().catch(() => undefined);
    rmSync(stateDir, { recursive: true, force: true });
  }
}

/** Builds the per-ticket check: expected state from shared/ against what the simulator holds. */
async function expectationBuilder(sim: RunningSimulator, api: ZendeskApi, settings: ReturnType<typeof parseSettings>['settings'], vocabulary: ReturnType<typeof tagVocabulary>, workerUrl: string) {
  const ids = sim.ids!;
  const { groups } = await api.get<{ groups: Array<{ id: number; name: string }> }>('/api/v2/groups.json');
  const groupId = (name: string): number | null => groups.find((g) => g.name.toLowerCase() === name.toLowerCase())?.id ?? null;
  const l1Group = groupId(settings.escalation_l1_group);

  return async (id: number, scenario: Scenario): Promise<TicketVerdict> => {
    const problems: string[] = [];
    const { ticket } = await api.get<{ ticket: ApiTicket }>(`/api/v2/tickets/${id}.json`);
    const { comments } = await api.get<{ comments: Array<{ author_id: number; public: boolean; body: string }> }>(`/api/v2/tickets/${id}/comments.json`);
    const { user, organizations } = await api.get<{ user: { name: string; organization_id: number | null; user_fields: Record<string, unknown> }; organizations?: Array<{ id: number; name: string; organization_fields: Record<string, unknown> }> }>(`/api/v2/users/${ticket.requester_id}.json?include=organizations`);
    const history = (await (await fetch(`${sim.url}/__admin/tickets/${id}/history`)).json()) as { history: TicketHistoryEntry[] };
    const org = organizations?.find((o) => o.id === user.organization_id) ?? null;

    const { tier } = classifyTier({ user: { name: user.name, fields: user.user_fields }, organization: org ? { name: org.name, fields: org.organization_fields } : null }, settings);
    const { scene } = resolveScene({ tags: ticket.tags, custom_fields: ticket.custom_fields }, settings);

    // What the agent did, from the ticket history (actors other than the worker's admin).
    const byAgent = history.history.filter((h) => h.actor_id !== ids.adminId);
    const byWorker = history.history.filter((h) => h.actor_id === ids.adminId);
    const firstWorkerTierAt = byWorker.find((h) => h.changes.tags !== undefined)?.seq ?? Number.POSITIVE_INFINITY;
    const agentPriority = [...byAgent].reverse().find((h) => h.changes.priority !== undefined);
    const agentGroup = [...byAgent].reverse().find((h) => h.changes.group_id !== undefined);

    // Priority: the tier's, raise-only against what the agent set; an agent's deliberate lowering
    // after Tierwise applied the tier stands.
    const wantedTier = tierPriority(tier, scene, settings);
    const agentSet = agentPriority ? toPriority(agentPriority.changes.priority!.after) : null;
    let expectedPriority: Priority;
    if (agentSet !== null && agentPriority!.seq > firstWorkerTierAt) expectedPriority = agentSet;
    else expectedPriority = agentSet === null ? wantedTier : (raiseOnly(agentSet, wantedTier) ?? agentSet);

    // Steps: what the ladder says for this ticket as it stands, every deadline having passed.
    const agentReplies = comments.slice(1).filter((c) => c.public && c.author_id !== ticket.requester_id).length;
    const progress = { status: toStatus(ticket.status) ?? 'open', assigneeId: ticket.assignee_id, agentReplies };
    const clock = startClock(tier, scene, Date.parse(ticket.created_at));
    const due: Step[] = dueSteps(clock, progress, settings, Date.now());
    if (due.includes('l2')) problems.push('run too long: L2 due');
    const expectedSteps: Step[] = due.filter((s) => s !== 'l2');

    if (ticket.priority !== expectedPriority) problems.push(`priority ${ticket.priority} != expected ${expectedPriority} (tier ${tier}, scene ${scene}, agent set ${agentSet ?? '-'})`);
    const tierTags = ticket.tags.filter((t) => vocabulary.tierOf(t) !== null);
    if (tierTags.length !== 1 || tierTags[0] !== vocabulary.tier(tier)) problems.push(`tier tags [${tierTags.join(',')}] != [${vocabulary.tier(tier)}]`);
    if (scenario === 'stale_tags' || scenario === 'safe_edit') {
      const mustHave = AGENT_TAG[scenario];
      if (!ticket.tags.includes(mustHave)) problems.push(`agent tag ${mustHave} missing`);
    }
    const expectedGroup = expectedSteps.includes('l1') ? l1Group : agentGroup ? (agentGroup.changes.group_id!.after as number | null) : null;
    if (ticket.group_id !== expectedGroup) problems.push(`group ${ticket.group_id} != expected ${expectedGroup}`);

    // Each step: its tag, exactly one note line, exactly one audit row.
    const notes = comments.filter((c) => !c.public && c.author_id === ids.adminId).flatMap((c) => c.body.split('\n'));
    const audit = await fetch(`${workerUrl}/api/tickets/${id}/audit`, { headers: { Authorization: `Bearer ${sidebarToken}` } });
    const rows = audit.ok ? ((await audit.json()) as { audit: Array<{ step: string }> }).audit : null;
    if (!rows) problems.push(`audit: HTTP ${audit.status}`);
    for (const step of STEPS) {
      const expected = expectedSteps.includes(step) ? 1 : 0;
      const line = escalationNote([step], {
        tier, scene, targetHours: firstResponseTargetMs(tier, scene, settings) / 3_600_000,
        hours: { l1: settings.escalation_l1_hours, l2: settings.escalation_l2_hours },
        groups: { l1: settings.escalation_l1_group, l2: settings.escalation_l2_group }, priority: ticket.priority ?? '-',
      }, settings.note_locale).split('\n')[1]!;
      const noteCount = notes.filter((n) => n === line).length;
      const hasTag = ticket.tags.includes(vocabulary.stepTag(step));
      const rowCount = rows?.filter((r) => r.step === step).length ?? 0;
      if (noteCount > 1) problems.push(`duplicated ${step}: ${noteCount} note lines`);
      if (rowCount > 1) problems.push(`duplicated ${step}: ${rowCount} audit rows`);
      if (noteCount === 0 && expected) problems.push(`${step}: note missing`);
      if (noteCount > 0 && !expected) problems.push(`${step}: note present but not expected`);
      if (hasTag !== (expected === 1)) problems.push(`${step}: tag ${hasTag ? 'present' : 'missing'}, expected ${expected ? 'present' : 'absent'}`);
      if (rows && rowCount === 0 && expected) problems.push(`${step}: audit row missing`);
      if (rows && rowCount > 0 && !expected) problems.push(`${step}: audit row present but not expected`);
    }
    if (rows && !rows.some((r) => r.step === 'tier')) problems.push(`audit: no tier row (rows: ${rows.map((r) => r.step).join(',') || 'none'})`);
    const trail = problems.length === 0 ? [] : history.history.map((h) => {
      const who = h.actor_id === ids.adminId ? 'worker' : h.actor_id === ids.users.agent ? 'agent' : `user ${h.actor_id}`;
      const fields = Object.entries(h.changes).filter(([k]) => k !== 'updated_at').map(([k, v]) => `${k}: ${JSON.stringify(v.before)} -> ${JSON.stringify(v.after)}`).join(', ');
      return `#${h.seq} ${h.at} ${who} ${h.action}: ${fields}${h.comment && !h.comment.public ? ' +internal note' : ''}`;
    });
    const auditTrail = problems.length === 0 || !rows ? [] : rows.map((r) => JSON.stringify(r));
    if (problems.length > 0) {
      for (const r of sim.store.requestLog.filter((x) => x.path === `/api/v2/tickets/${id}.json` && x.method === 'PUT')) {
        const who = r.actor_id === ids.adminId ? 'worker' : r.actor_id === ids.users.agent ? 'agent' : `actor ${r.actor_id}`;
        trail.push(`request #${r.seq} ${r.at} ${who} PUT -> ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
      }
    }
    return { id, scenario, problems, history: trail, audit: auditTrail };
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
    `duplicated steps      ${r.duplicatedSteps}`,
    `lost                  ${r.lost}`,
    `duration              ${r.durationS.toFixed(0)} s`,
  ];
  for (const v of r.verdicts.filter((x) => x.problems.length > 0)) {
    lines.push(`  ticket ${v.id} (${v.scenario}): ${v.problems.join('; ')}`);
    if (verbose) for (const h of [...v.history, ...v.audit.map((a) => `audit ${a}`)]) lines.push(`      ${h}`);
  }
  return lines.join('\n');
}
