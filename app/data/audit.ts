/**
 * The worker's audit trail for a ticket (shared/audit.ts): where it lives, how its answer is
 * checked, and how each row reads in the agent's language. Rows carry data; the words come
 * from the shared catalogue, so no code, tag or id reaches the agent.
 */
import * as z from 'zod/mini';
import { AUDIT_STEPS, type AuditChange, type AuditReason, type AuditResponse, type AuditRow, type GroupRef } from '../../shared/audit.ts';
import { PRIORITIES, SCENES, TIERS, type Locale } from '../../shared/domain.ts';
import { explainTierReason, l2Basis, priorityName, tierName } from '../../shared/explain.ts';
import { formatDuration, formatList, translate } from '../../shared/i18n/index.ts';
import { STEPS } from '../../shared/sla.ts';
import { STEP_TAG, tagVocabulary } from '../../shared/tags.ts';
import type { TierReason } from '../../shared/tier.ts';
import type { ZafClient, ZafRequestOptions } from '../zaf/types.ts';
import { tagLabel } from './customer.ts';
import { jsonBody, workerRequest } from './worker.ts';

export type { AuditRow } from '../../shared/audit.ts';

/** The header the worker wants the ticket's key in (worker/src/api/ticket-key.ts). */
export const TICKET_KEY_HEADER = 'X-Tierwise-Ticket-Key';
/** Where a Tierwise update keeps the key: its audit's `metadata.custom`. */
const TICKET_KEY_METADATA = 'tierwise_key';
/** A ticket with more audits than this before Tierwise first changed it shows no trail. */
const MAX_AUDIT_PAGES = 5;

/** The audit trail of one ticket, as a secure request to the worker, with the ticket's key. */
export function auditRequest(workerUrl: string, ticketId: number, key: string): ZafRequestOptions {
  const request = workerRequest(workerUrl, `/api/tickets/${ticketId}/audit`);
  return { ...request, headers: { ...request.headers, [TICKET_KEY_HEADER]: key } };
}

const auditsPage = z.object({
  audits: z.array(z.object({ metadata: z.optional(z.nullable(z.object({ custom: z.optional(z.nullable(z.record(z.string(), z.unknown()))) }))) })),
  next_page: z.optional(z.nullable(z.string())),
});

/**
 * The ticket's key, from its audits as Zendesk shows them to this agent (through ZAF, as the
 * agent: Zendesk refuses an agent who may not see the ticket); null when Tierwise never changed
 * the ticket. The worker answers the trail only with this key (README "Who may read a
 * ticket's audit trail").
 */
export async function readTicketKey(client: ZafClient, ticketId: number): Promise<string | null> {
  let url: string | null = `/api/v2/tickets/${ticketId}/audits.json`;
  for (let page = 0; url !== null && page < MAX_AUDIT_PAGES; page++) {
    const parsed = auditsPage.safeParse(jsonBody(await client.request({ url, type: 'GET', dataType: 'json' })));
    if (!parsed.success) throw new Error('Zendesk did not answer the ticket\'s audits');
    for (const audit of parsed.data.audits) {
      const key = audit.metadata?.custom?.[TICKET_KEY_METADATA];
      if (typeof key === 'string') return key;
    }
    url = parsed.data.next_page ? new URL(parsed.data.next_page).pathname + new URL(parsed.data.next_page).search : null;
  }
  return null;
}

/** The ticket's audit trail: its key from Zendesk, then the worker's rows (none when Tierwise never changed it). */
export async function loadAudit(client: ZafClient, workerUrl: string, ticketId: number): Promise<AuditRow[]> {
  const key = await readTicketKey(client, ticketId);
  if (key === null) return [];
  return parseAudit(await client.request(auditRequest(workerUrl, ticketId, key)));
}

// The schemas mirror shared/audit.ts; `Exactly` below makes the compiler fail when they drift.
const id = z.number().check(z.int(), z.gt(0));
const step = z.enum(STEPS);
const source = z.enum(['organization', 'user']);
const name = z.nullable(z.string());
const reading = z.object({ metric: z.enum(['annual_spend', 'orders']), value: z.number(), threshold: z.number() });
const tierReason = z.discriminatedUnion('rule', [
  z.object({ rule: z.literal('override'), source, name }),
  z.object({ rule: z.literal('threshold'), source, name, matched: z.array(reading) }),
  z.object({ rule: z.literal('below_thresholds'), source, name, readings: z.array(reading) }),
  z.object({ rule: z.literal('no_data') }),
]);
const reason = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('tier'), tier: tierReason }),
  z.object({ kind: z.literal('deadline'), step, afterMs: z.number().check(z.gte(0)), from: z.enum(['created', 'cycle']) }),
  z.object({ kind: z.literal('refused'), step: z.union([step, z.literal('tier')]), status: z.number(), error: z.string(), description: z.string() }),
]);
const group = z.object({ id, name });
const priority = z.enum(PRIORITIES);
const change = z.discriminatedUnion('field', [
  z.object({ field: z.literal('priority'), from: z.nullable(priority), to: priority }),
  z.object({ field: z.literal('group'), from: z.nullable(group), to: group }),
  z.object({ field: z.literal('tags'), added: z.array(z.string()), removed: z.array(z.string()) }),
  z.object({ field: z.literal('assignee'), from: z.nullable(id), to: z.nullable(id) }),
  z.object({ field: z.literal('followers'), added: z.array(id) }),
]);
const row = z.object({
  ticketId: id,
  step: z.enum(AUDIT_STEPS),
  tier: z.enum(TIERS),
  scene: z.enum(SCENES),
  reason,
  changes: z.array(change),
  at: z.iso.datetime({ offset: true }),
  correlationId: z.string(),
});

type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const drift: [Exactly<z.infer<typeof tierReason>, TierReason>, Exactly<z.infer<typeof reason>, AuditReason>, Exactly<z.infer<typeof group>, GroupRef>, Exactly<z.infer<typeof change>, AuditChange>, Exactly<z.infer<typeof row>, AuditRow>] = [true, true, true, true, true];
void drift;

const response = z.object({ ticketId: id, audit: z.array(z.unknown()) });

/**
 * The worker's `AuditResponse` (ZAF may hand it over as a JSON string), newest first. A row that
 * does not match the contract is dropped, not shown half-read; a body that is not an audit
 * answer at all is an error the trail shows.
 */
export function parseAudit(body: unknown): AuditRow[] {
  const parsed = response.safeParse(jsonBody(body));
  if (!parsed.success) throw new Error('the worker did not answer an audit trail');
  const rows = parsed.data.audit.flatMap((item) => {
    const one = row.safeParse(item);
    return one.success ? [one.data] : [];
  });
  return rows.sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
}

export function stepWords(row: AuditRow, locale: Locale): string {
  return translate(locale, `audit.step.${row.step}`);
}

/** Why the row was written: the tier rule, the deadline and how it counts, or what Zendesk said. */
export function reasonWords(row: AuditRow, locale: Locale): string {
  const reason = row.reason;
  switch (reason.kind) {
    case 'tier':
      return explainTierReason(row.tier, reason.tier, locale);
    case 'deadline': {
      const what = translate(locale, reason.step === 'l2' ? 'audit.reason.notSolved' : 'audit.reason.notHandled');
      const after = formatDuration(reason.afterMs, locale);
      return reason.from === 'created'
        ? translate(locale, 'audit.reason.created', { what, after })
        : translate(locale, 'audit.reason.cycle', { what, after, basis: l2Basis('cycle', locale) });
    }
    case 'refused':
      return translate(locale, 'audit.reason.refused', { description: reason.description || reason.error });
  }
}

/** A tag as words: Tierwise's own tags by meaning ("Tier: Core", "Escalated L1"), others as their label. */
export function tagWords(tag: string, tagPrefix: string, locale: Locale): string {
  const vocabulary = tagVocabulary(tagPrefix);
  const tier = vocabulary.tierOf(tag);
  if (tier) return translate(locale, 'tag.tier', { tier: tierName(tier, locale) });
  const step = STEPS.find((s) => vocabulary.stepTag(s) === tag);
  if (step) return translate(locale, `tag.${STEP_TAG[step]}`);
  return tagLabel(vocabulary.isOurs(tag) ? tag.slice(tagPrefix.length + 1) : tag);
}

function groupWords(group: GroupRef | null, locale: Locale): string {
  if (group === null) return translate(locale, 'audit.change.noGroup');
  return group.name ?? translate(locale, 'audit.change.unnamedGroup');
}

/** Each change as a line: "Group: Support → Supervisors", "Priority: low → high", "Tags added: Tier: Core". */
export function changeWords(row: AuditRow, tagPrefix: string, locale: Locale): string[] {
  const tags = (list: string[]) => formatList(list.map((tag) => tagWords(tag, tagPrefix, locale)), locale);
  return row.changes.flatMap((c): string[] => {
    switch (c.field) {
      case 'priority':
        return [translate(locale, 'audit.change.priority', { from: c.from ? priorityName(c.from, locale) : translate(locale, 'priority.none'), to: priorityName(c.to, locale) })];
      case 'group':
        return [translate(locale, 'audit.change.group', { from: groupWords(c.from, locale), to: groupWords(c.to, locale) })];
      case 'tags':
        return [
          ...(c.added.length > 0 ? [translate(locale, 'audit.change.tagsAdded', { tags: tags(c.added) })] : []),
          ...(c.removed.length > 0 ? [translate(locale, 'audit.change.tagsRemoved', { tags: tags(c.removed) })] : []),
        ];
      case 'assignee':
        return [translate(locale, c.to === null ? 'audit.change.unassigned' : 'audit.change.assigned')];
      case 'followers':
        return c.added.length > 0 ? [translate(locale, 'audit.change.followers', { count: c.added.length })] : [];
    }
  });
}

/**
 * What Tierwise could not do, when the newest row is a refusal: a sentence for a notice above
 * the trail, in the agent's language; null otherwise (a later change means it moved on).
 */
export function refusalNotice(rows: readonly AuditRow[], locale: Locale): string | null {
  const newest = rows[0];
  if (!newest || newest.reason.kind !== 'refused') return null;
  const what = newest.reason.error === 'GroupNotFound'
    ? translate(locale, 'refused.groupMissing')
    : translate(locale, 'refused.what', { description: newest.reason.description || newest.reason.error });
  return translate(locale, 'refused.notice', { what });
}
