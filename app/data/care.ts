/**
 * The customer's follow-ups in the ticket sidebar (docs/rules.md#care-cadence): the account manager,
 * the next open care task and the last solved one, read through ZAF as the agent, and the request
 * that creates a follow-up now. Pure: requests out, answers in; the component does the I/O.
 *
 * Zendesk's search sorts by updated_at, created_at, priority, status or ticket_type only, not by
 * due date, so the next task is the earliest due_at among the open ones (one page of 100).
 */
import * as z from 'zod/mini';
import { DAY_MS, isoDay } from '../../shared/care/dates.ts';
import { readFollowUp, type FollowUpRecord } from '../../shared/care/follow-up.ts';
import { careTaskKey, careTaskTag, endOfDay, type CustomerRef } from '../../shared/care/plan.ts';
import type { Tier } from '../../shared/domain.ts';
import { tierName } from '../../shared/explain.ts';
import { translate } from '../../shared/i18n/index.ts';
import type { Settings } from '../../shared/settings.ts';
import type { ZafRequestOptions } from '../zaf/types.ts';
import { toId, type CustomerRecordView, type TicketSnapshot } from './ticket.ts';

/** Who the follow-ups are for: the ticket's organization (the customer), else its requester. */
export interface CareSubject {
  customer: CustomerRef;
  requesterId: number;
  organizationId: number | null;
  managerId: number | null;
  tier: Tier;
}

export interface CareTaskView {
  subject: string;
  /** due_at of an open task, updated_at (when it was solved) of a solved one. */
  at: number | null;
  /** A solved task's follow-up record (method, confirmation), from its tags. */
  record?: FollowUpRecord;
}

export interface FollowUps {
  next: CareTaskView | null;
  last: CareTaskView | null;
}

/** The account manager's user ID: the requester's own field, else the organization's (like the care run). */
export function accountManagerId(user: CustomerRecordView | null, organization: CustomerRecordView | null, settings: Pick<Settings, 'account_manager_field'>): number | null {
  const key = settings.account_manager_field;
  return toId(user?.fields[key]) ?? toId(organization?.fields[key]);
}

export function careSubject(snapshot: Pick<TicketSnapshot, 'requester' | 'organization'>, tier: Tier, settings: Settings): CareSubject | null {
  const requesterId = snapshot.requester?.id ?? null;
  if (requesterId === null) return null;
  const organizationId = snapshot.organization?.id ?? null;
  return {
    customer: organizationId !== null ? { kind: 'organization', id: organizationId } : { kind: 'user', id: requesterId },
    requesterId,
    organizationId,
    managerId: accountManagerId(snapshot.requester, snapshot.organization, settings),
    tier,
  };
}

const get = (url: string): ZafRequestOptions => ({ url, type: 'GET', dataType: 'json' });

export function managerRequest(managerId: number): ZafRequestOptions {
  return get(`/api/v2/users/${managerId}.json`);
}

const userAnswer = z.object({ user: z.object({ name: z.string() }) });

/** The manager's name, or null for anything else (a deleted user, an unexpected answer). */
export function managerName(response: unknown): string | null {
  const parsed = userAnswer.safeParse(response);
  return parsed.success && parsed.data.user.name.trim() !== '' ? parsed.data.user.name : null;
}

function searchRequest(subject: CareSubject, settings: Settings, status: string, order: string): ZafRequestOptions {
  const who = subject.customer.kind === 'organization' ? `organization:${subject.customer.id}` : `requester:${subject.customer.id}`;
  const query = `type:ticket ticket_type:task tags:${settings.tag_prefix}_care ${status} ${who}`;
  return get(`/api/v2/search.json?query=${encodeURIComponent(query)}&${order}`);
}

/** Open care tasks (any order: the earliest due date is picked here) and the most recently solved one. */
export function followUpRequests(subject: CareSubject, settings: Settings): { open: ZafRequestOptions; solved: ZafRequestOptions } {
  return {
    open: searchRequest(subject, settings, 'status<solved', 'per_page=100'),
    solved: searchRequest(subject, settings, 'status>=solved', 'sort_by=updated_at&sort_order=desc&per_page=1'),
  };
}

const taskResult = z.object({
  subject: z.nullable(z.optional(z.string())), due_at: z.nullable(z.optional(z.string())), updated_at: z.nullable(z.optional(z.string())),
  tags: z.optional(z.array(z.string())),
});
const searchAnswer = z.object({ results: z.array(taskResult) });

const time = (iso: string | null | undefined): number | null => {
  const ms = iso ? Date.parse(iso) : Number.NaN;
  return Number.isNaN(ms) ? null : ms;
};

function results(response: unknown): Array<z.infer<typeof taskResult>> {
  const parsed = searchAnswer.safeParse(response);
  if (!parsed.success) throw new Error('Zendesk answered the search with something else than search results');
  return parsed.data.results;
}

export function readFollowUps(openResponse: unknown, solvedResponse: unknown, settings: Pick<Settings, 'tag_prefix'>): FollowUps {
  const open = results(openResponse)
    .map((r) => ({ subject: r.subject ?? '', at: time(r.due_at) }))
    .sort((a, b) => (a.at ?? Number.POSITIVE_INFINITY) - (b.at ?? Number.POSITIVE_INFINITY));
  const solved = results(solvedResponse)[0];
  return { next: open[0] ?? null, last: solved ? { subject: solved.subject ?? '', at: time(solved.updated_at), record: readFollowUp(solved.tags ?? [], settings) } : null };
}

export interface FollowUpDraft {
  /** The care key (external_id): the daily run's key for a cadence follow-up due that day. */
  key: string;
  dueAt: number;
  /** Finds a ticket already carrying the key (created by the run, or by a click before). */
  lookup: ZafRequestOptions;
  create: ZafRequestOptions;
}

const isoSeconds = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** A follow-up task due by the end of tomorrow (UTC), worded in the team's note language. */
export function followUpDraft(subject: CareSubject, settings: Settings, now: number): FollowUpDraft {
  const dueAt = endOfDay(now + DAY_MS);
  const key = careTaskKey(subject.customer, 'cadence', isoDay(dueAt), settings);
  const locale = settings.note_locale;
  const title = translate(locale, 'care.task.followUp', { tier: tierName(subject.tier, locale) });
  const ticket = {
    type: 'task',
    due_at: isoSeconds(dueAt),
    subject: title,
    comment: { body: [title, translate(locale, 'care.task.body', { due: isoDay(dueAt) })].join('\n\n'), public: false },
    requester_id: subject.requesterId,
    ...(subject.organizationId !== null ? { organization_id: subject.organizationId } : {}),
    ...(subject.managerId !== null ? { assignee_id: subject.managerId } : {}),
    external_id: key,
    tags: [careTaskTag(settings), careTaskTag(settings, 'cadence')],
  };
  return {
    key,
    dueAt,
    lookup: get(`/api/v2/tickets.json?external_id=${encodeURIComponent(key)}`),
    create: { url: '/api/v2/tickets.json', type: 'POST', contentType: 'application/json', dataType: 'json', data: JSON.stringify({ ticket }) },
  };
}

const ticketsAnswer = z.object({ tickets: z.array(z.object({ id: z.number() })) });

/** Whether the external_id lookup found a ticket already. */
export function alreadyCreated(response: unknown): boolean {
  const parsed = ticketsAnswer.safeParse(response);
  if (!parsed.success) throw new Error('Zendesk answered the ticket lookup with something else than tickets');
  return parsed.data.tickets.length > 0;
}

const refusal = z.object({ description: z.optional(z.string()), details: z.optional(z.record(z.string(), z.array(z.object({ description: z.string() })))) });

/**
 * Why Zendesk refused a request, in its own words ("Assignee is not an agent") when the answer
 * says so, else the shared reading of the error (status text, message).
 */
export function refusalWords(error: unknown, fallback: (error: unknown) => string): string {
  const text = error !== null && typeof error === 'object' ? (error as { responseText?: unknown }).responseText : undefined;
  if (typeof text === 'string') {
    try {
      const parsed = refusal.safeParse(JSON.parse(text));
      const details = parsed.success ? Object.values(parsed.data.details ?? {}).flat().map((d) => d.description) : [];
      if (details.length > 0) return details.join('; ');
      if (parsed.success && parsed.data.description) return parsed.data.description;
    } catch {
      // Not JSON: the fallback reads it.
    }
  }
  return fallback(error);
}
