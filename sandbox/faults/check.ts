/**
 * Phase 6 of the fault run: check each ticket. What it should hold is computed from shared/ (tier,
 * scene, priority raise-only against what the agent set, the ladder's due steps) and compared
 * with what the simulator holds and the worker's audit trail says.
 */
import { toPriority, toStatus, type Priority, type Scene, type Tier } from '../../shared/domain.ts';
import { escalationNote } from '../../shared/explain.ts';
import { raiseOnly, tierPriority } from '../../shared/priority.ts';
import { resolveScene } from '../../shared/scene.ts';
import type { Settings } from '../../shared/settings.ts';
import { dueSteps, firstResponseTargetMs, startClock, STEPS, type Step } from '../../shared/sla.ts';
import type { TagVocabulary } from '../../shared/tags.ts';
import { classifyTier } from '../../shared/tier.ts';
import type { TicketHistoryEntry } from '../zendesk/types.ts';
import type { CreatedTicket } from './burst.ts';
import { alertProblems } from './alerts-check.ts';
import { expectedPlacement, LEVELS, type EscalationOutcome, type Level, type LevelGroup } from './escalation-effects.ts';
import { fetchAuditTrail } from '../lib/audit-trail.ts';
import { creds, sidebarToken, type ApiTicket, type FaultStack } from './fault-stack.ts';
import { resentAfterFinalAnswer, workerPuts } from './resends.ts';
import { AGENT_TAG, type Scenario } from './scenarios.ts';

export interface TicketVerdict {
  id: number;
  scenario: Scenario;
  problems: string[];
  /** For a ticket that differs: its simulator history and audit rows. */
  history: string[];
  audit: string[];
}

interface AuditRow {
  step: string;
  tier: string;
}

interface Comment {
  author_id: number;
  public: boolean;
  body: string;
}

/** Everything the check reads about one ticket. */
interface TicketFacts {
  ticket: ApiTicket;
  comments: Comment[];
  history: TicketHistoryEntry[];
  tier: Tier;
  scene: Scene;
}


/** Builds the per-ticket check once the groups are known. */
export async function ticketChecker(stack: FaultStack, settings: Settings, vocabulary: TagVocabulary, workerUrl: string): Promise<(ticket: CreatedTicket) => Promise<TicketVerdict>> {
  const { groups } = await stack.agent.get<{ groups: Array<{ id: number; name: string }> }>('/api/v2/groups.json');
  const levelGroups = {} as Record<Level, LevelGroup>;
  for (const level of LEVELS) {
    const id = groups.find((g) => g.name.toLowerCase() === settings[`escalation_${level}_group`].toLowerCase())?.id ?? null;
    const members = id === null ? [] : (await stack.agent.get<{ group_memberships: Array<{ user_id: number }> }>(`/api/v2/groups/${id}/memberships.json`)).group_memberships.map((m) => m.user_id);
    levelGroups[level] = { id, members };
  }
  const nameOf = (userId: number): string | null => stack.simulator.store.users.get(userId)?.name ?? null;
  const adminId = stack.ids.adminId;

  return async ({ id, scenario }) => {
    const problems: string[] = [];
    const facts = await readTicket(stack, settings, id);
    const { ticket, tier, scene } = facts;
    const byAgent = facts.history.filter((h) => h.actor_id !== adminId);
    const steps = expectedSteps(facts, byAgent, settings);
    const priority = steps.includes('l2') ? { expected: settings.escalation_l2_priority, agentSet: null } : expectedPriority(facts, byAgent, adminId, settings);

    const puts = workerPuts(stack.simulator.store.requestLog, id, adminId);
    problems.push(...resentAfterFinalAnswer(puts));
    const agentSet = (field: 'group_id' | 'assignee_id'): number | null => ([...byAgent].reverse().find((h) => h.changes[field] !== undefined)?.changes[field]!.after as number | null | undefined) ?? null;
    const placement = expectedPlacement({ group: agentSet('group_id'), assignee: agentSet('assignee_id') }, steps, levelGroups, settings, nameOf);
    const refusedPuts = puts.filter((p) => p.status === 422).length;
    if (scenario === 'closed_retier') problems.push(...closedRetierProblems(facts, refusedPuts, vocabulary));
    else {
      if (ticket.priority !== priority.expected) problems.push(`priority ${ticket.priority} != expected ${priority.expected} (tier ${tier}, scene ${scene}, agent set ${priority.agentSet ?? '-'})`);
      const tierTags = ticket.tags.filter((t) => vocabulary.tierOf(t) !== null);
      if (tierTags.length !== 1 || tierTags[0] !== vocabulary.tier(tier)) problems.push(`tier tags [${tierTags.join(',')}] != [${vocabulary.tier(tier)}]`);
      if (ticket.group_id !== placement.group) problems.push(`group ${ticket.group_id} != expected ${placement.group}`);
      if (ticket.assignee_id !== placement.assignee) problems.push(`assignee ${ticket.assignee_id} != expected ${placement.assignee}`);
      const missingFollowers = placement.followers.filter((f) => !(ticket.follower_ids ?? []).includes(f));
      if (missingFollowers.length > 0) problems.push(`followers [${ticket.follower_ids ?? []}] miss [${missingFollowers}]`);
    }
    if (scenario === 'stale_tags' || scenario === 'safe_edit') {
      const mustHave = AGENT_TAG[scenario];
      if (!ticket.tags.includes(mustHave)) problems.push(`agent tag ${mustHave} missing`);
    }

    const rows = await checkSteps(facts, steps, placement.outcomes, settings, vocabulary, adminId, { workerUrl, zendeskUrl: stack.simulator.url }, problems);
    problems.push(...alertProblems(stack.chat, id, steps));
    if (scenario === 'closed_retier' && rows) problems.push(...refusedRowProblems(rows, tier, refusedPuts));
    else if (rows?.some((r) => r.step === 'refused')) problems.push(`audit: refused row(s) on a ticket Zendesk had no reason to refuse`);
    const history = problems.length === 0 ? [] : explainHistory(stack, facts.history, id);
    const audit = problems.length === 0 || !rows ? [] : rows.map((r) => JSON.stringify(r));
    return { id, scenario, problems, history, audit };
  };
}

/** The ticket, its comments, its history and requester, and the tier and scene shared/ gives them. */
async function readTicket(stack: FaultStack, settings: Settings, id: number): Promise<TicketFacts> {
  const api = stack.agent;
  const { ticket } = await api.get<{ ticket: ApiTicket }>(`/api/v2/tickets/${id}.json`);
  const { comments } = await api.get<{ comments: Comment[] }>(`/api/v2/tickets/${id}/comments.json`);
  const { user, organizations } = await api.get<{ user: { name: string; organization_id: number | null; user_fields: Record<string, unknown> }; organizations?: Array<{ id: number; name: string; organization_fields: Record<string, unknown> }> }>(`/api/v2/users/${ticket.requester_id}.json?include=organizations`);
  const { history } = (await (await fetch(`${stack.simulator.url}/__admin/tickets/${id}/history`)).json()) as { history: TicketHistoryEntry[] };
  const org = organizations?.find((o) => o.id === user.organization_id) ?? null;
  const { tier } = classifyTier({ user: { name: user.name, fields: user.user_fields }, organization: org ? { name: org.name, fields: org.organization_fields } : null }, settings);
  const { scene } = resolveScene({ tags: ticket.tags, custom_fields: ticket.custom_fields }, settings);
  return { ticket, comments, history, tier, scene };
}

/**
 * The tier's priority, raise-only against what the agent set (from the ticket history); an
 * agent's deliberate lowering after Tierwise applied the tier stands.
 */
function expectedPriority(facts: TicketFacts, byAgent: readonly TicketHistoryEntry[], adminId: number, settings: Settings): { expected: Priority; agentSet: Priority | null } {
  const firstWorkerTierAt = facts.history.find((h) => h.actor_id === adminId && h.changes.tags !== undefined)?.seq ?? Number.POSITIVE_INFINITY;
  const agentPriority = [...byAgent].reverse().find((h) => h.changes.priority !== undefined);
  const wantedTier = tierPriority(facts.tier, facts.scene, settings);
  const agentSet = agentPriority ? toPriority(agentPriority.changes.priority!.after) : null;
  if (agentSet !== null && agentPriority!.seq > firstWorkerTierAt) return { expected: agentSet, agentSet };
  return { expected: agentSet === null ? wantedTier : (raiseOnly(agentSet, wantedTier) ?? agentSet), agentSet };
}

/**
 * What the ladder says for this ticket, every deadline having passed. Handled and solved are read
 * from what the agents did (the history without Tierwise's changes), not from the ticket as it
 * stands: a move that unassigns an agent does not make the ticket unhandled after the fact.
 */
function expectedSteps(facts: TicketFacts, byAgent: readonly TicketHistoryEntry[], settings: Settings): Step[] {
  const { ticket } = facts;
  const agentReplies = facts.comments.slice(1).filter((c) => c.public && c.author_id !== ticket.requester_id).length;
  const last = (field: 'status' | 'assignee_id'): unknown => [...byAgent].reverse().find((h) => h.changes[field] !== undefined)?.changes[field]!.after;
  const progress = { status: toStatus(last('status')) ?? 'new', assigneeId: (last('assignee_id') as number | null | undefined) ?? null, agentReplies };
  const clock = startClock(facts.tier, facts.scene, Date.parse(ticket.created_at));
  return dueSteps(clock, progress, settings, Date.now());
}

/**
 * closed_retier: the new tier met a closed ticket. Zendesk delivers the closing and the customer's
 * change in no fixed order, so two outcomes are right. The closing's run reads the customer after
 * the change dropped its cached entry: Tierwise tries the new tier once, Zendesk refuses it (422).
 * Or it reads before: it sees the old tier and sends nothing, and the customer's fan-out
 * re-evaluates open tickets only. Either way the change is never sent twice and the new tier
 * never lands on the closed ticket.
 */
function closedRetierProblems(facts: TicketFacts, refusedPuts: number, vocabulary: TagVocabulary): string[] {
  const problems: string[] = [];
  if (facts.ticket.status !== 'closed') problems.push(`status ${facts.ticket.status} != closed`);
  if (facts.ticket.tags.includes(vocabulary.tier(facts.tier))) problems.push(`the new tier ${facts.tier} is on a closed ticket`);
  if (refusedPuts > 1) problems.push(`${refusedPuts} PUTs refused with 422: the refused change was sent again`);
  return problems;
}

/** closed_retier: a `refused` row for each refused PUT (one at most), for the tier Tierwise tried to apply. */
function refusedRowProblems(rows: readonly AuditRow[], tier: Tier, refusedPuts: number): string[] {
  const refused = rows.filter((r) => r.step === 'refused');
  if (refused.length !== refusedPuts) return [`audit: ${refused.length} refused rows for ${refusedPuts} refused PUTs`];
  return refused.every((r) => r.tier === tier) ? [] : [`audit: refused row for tier ${refused[0]!.tier}, expected ${tier}`];
}

/** Each step: its tag, exactly one note line, exactly one audit row; and a tier row. Returns the audit rows. */
async function checkSteps(facts: TicketFacts, expectedSteps: readonly Step[], outcomes: Partial<Record<Level, EscalationOutcome>>, settings: Settings, vocabulary: TagVocabulary, adminId: number, urls: { workerUrl: string; zendeskUrl: string }, problems: string[]): Promise<AuditRow[] | null> {
  const { ticket, tier, scene } = facts;
  const notes = facts.comments.filter((c) => !c.public && c.author_id === adminId).flatMap((c) => c.body.split('\n'));
  const zendeskAuth = `Basic ${Buffer.from(`${creds.email}/token:${creds.apiToken}`).toString('base64')}`;
  const audit = await fetchAuditTrail({ ...urls, token: sidebarToken, zendeskAuth }, ticket.id);
  const rows = audit.ok ? ((await audit.json()) as { audit: AuditRow[] }).audit : null;
  if (!rows) problems.push(`audit: HTTP ${audit.status}`);
  for (const step of STEPS) {
    const expected = expectedSteps.includes(step) ? 1 : 0;
    const context = {
      tier, scene, targetHours: firstResponseTargetMs(tier, scene, settings) / 3_600_000,
      hours: { l1: settings.escalation_l1_hours, l2: settings.escalation_l2_hours },
      groups: { l1: settings.escalation_l1_group, l2: settings.escalation_l2_group }, priority: ticket.priority ?? '-', outcomes,
    };
    // The step's line, then (a move that unassigned someone) the line that says so.
    const [line, ...more] = escalationNote([step], context, settings.note_locale).split('\n').slice(1);
    const noteCount = notes.filter((n) => n === line).length;
    for (const extra of expected ? more : []) if (!notes.includes(extra)) problems.push(`${step}: note line missing: ${extra}`);
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
  // A tier on the ticket has its row (a closed ticket may never have got one: its first change was refused).
  if (rows && ticket.tags.some((t) => vocabulary.tierOf(t) !== null) && !rows.some((r) => r.step === 'tier')) problems.push(`audit: no tier row (rows: ${rows.map((r) => r.step).join(',') || 'none'})`);
  return rows;
}

/** For a ticket that differs: who changed what, and every PUT sent for it. */
function explainHistory(stack: FaultStack, history: readonly TicketHistoryEntry[], id: number): string[] {
  const ids = stack.ids;
  const trail = history.map((h) => {
    const who = h.actor_id === ids.adminId ? 'worker' : h.actor_id === ids.users.agent ? 'agent' : `user ${h.actor_id}`;
    const fields = Object.entries(h.changes).filter(([k]) => k !== 'updated_at').map(([k, v]) => `${k}: ${JSON.stringify(v.before)} -> ${JSON.stringify(v.after)}`).join(', ');
    return `#${h.seq} ${h.at} ${who} ${h.action}: ${fields}${h.comment && !h.comment.public ? ' +internal note' : ''}`;
  });
  for (const r of stack.simulator.store.requestLog.filter((x) => x.path === `/api/v2/tickets/${id}.json` && x.method === 'PUT')) {
    const who = r.actor_id === ids.adminId ? 'worker' : r.actor_id === ids.users.agent ? 'agent' : `actor ${r.actor_id}`;
    trail.push(`request #${r.seq} ${r.at} ${who} PUT -> ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
  }
  return trail;
}
