// Ticket triggers: condition evaluation and the notification_webhook action with placeholder rendering.
import type { SimulatorStore } from './store.ts';
import type { Comment, Ticket, TicketStatus, Trigger, TriggerCondition, User, Webhook } from './types.ts';
import { TICKET_STATUSES } from './types.ts';

export interface TriggerContext {
  updateType: 'Create' | 'Change';
  before: Ticket | null;
  after: Ticket;
  comment: Comment | null;
  actor: User;
}

const PRIORITY_ORDER = ['low', 'normal', 'high', 'urgent'];
const cap = (s: string): string => (s === '' ? s : s[0]!.toUpperCase() + s.slice(1));

function fieldValue(t: Ticket | null, field: string): unknown {
  if (t === null) return undefined;
  if (field.startsWith('custom_fields_')) {
    const id = Number(field.slice('custom_fields_'.length));
    return t.custom_fields.find((f) => f.id === id)?.value ?? null;
  }
  switch (field) {
    case 'status': return t.status;
    case 'priority': return t.priority;
    case 'type': return t.type;
    case 'group_id': return t.group_id;
    case 'assignee_id': return t.assignee_id;
    case 'requester_id': return t.requester_id;
    case 'organization_id': return t.organization_id;
    case 'subject': return t.subject;
    default: return undefined;
  }
}

const eq = (a: unknown, b: unknown): boolean => {
  if ((a === null || a === undefined || a === '') && (b === null || b === undefined || b === '')) return true;
  return String(a) === String(b);
};

function rank(field: string, v: unknown): number {
  if (field === 'status') return TICKET_STATUSES.indexOf(v as TicketStatus);
  if (field === 'priority') return v === null ? -1 : PRIORITY_ORDER.indexOf(String(v));
  return Number.NaN;
}

export function conditionHolds(c: TriggerCondition, ctx: TriggerContext): boolean {
  const { field, operator, value } = c;
  if (field === 'update_type') return operator === 'is_not' ? value !== ctx.updateType : value === ctx.updateType;
  if (field === 'current_tags') {
    const wanted = String(value ?? '').split(/\s+/).filter(Boolean);
    const has = wanted.some((t) => ctx.after.tags.includes(t));
    if (operator === 'includes') return has;
    if (operator === 'not_includes') return !has;
    return false;
  }
  if (field === 'comment_is_public') {
    if (value === 'not_relevant') return true;
    // is true / is false: only an update that adds a comment of that visibility matches.
    return ctx.comment !== null && String(ctx.comment.public) === String(value);
  }
  if (field === 'role') {
    return operator === 'is_not' ? ctx.actor.role !== value : ctx.actor.role === value || (value === 'agent' && ctx.actor.role === 'admin');
  }
  const current = fieldValue(ctx.after, field);
  if (current === undefined) return false; // unknown condition fields never match
  const previous = fieldValue(ctx.before, field);
  switch (operator) {
    case 'is': return eq(current, value);
    case 'is_not': return !eq(current, value);
    case 'less_than': return rank(field, current) < rank(field, value);
    case 'greater_than': return rank(field, current) > rank(field, value);
    case 'changed': return ctx.before === null || !eq(current, previous);
    case 'not_changed': return ctx.before !== null && eq(current, previous);
    case 'value': return (ctx.before === null || !eq(current, previous)) && eq(current, value);
    case 'value_previous': return ctx.before !== null && !eq(current, previous) && eq(previous, value);
    case 'not_value': return !eq(current, value) || (ctx.before !== null && eq(current, previous));
    case 'present': return !eq(current, null);
    case 'not_present': return eq(current, null);
    default: return false;
  }
}

export function triggerMatches(t: Trigger, ctx: TriggerContext): boolean {
  if (!t.active) return false;
  const all = t.conditions.all.every((c) => conditionHolds(c, ctx));
  const any = t.conditions.any.length === 0 || t.conditions.any.some((c) => conditionHolds(c, ctx));
  return all && any;
}

/** Value of one placeholder such as "ticket.requester.id"; unknown placeholders render empty. */
export function placeholderValue(store: SimulatorStore, baseUrl: string, ctx: TriggerContext, name: string): string {
  const t = ctx.after;
  const requester = store.users.get(t.requester_id);
  const org = t.organization_id === null ? undefined : store.organizations.get(t.organization_id);
  const assignee = t.assignee_id === null ? undefined : store.users.get(t.assignee_id);
  const group = t.group_id === null ? undefined : store.groups.get(t.group_id);
  const comments = store.comments.get(t.id) ?? [];
  const latest = comments[comments.length - 1];
  const latestPublic = [...comments].reverse().find((c) => c.public);
  let m: RegExpExecArray | null;
  if ((m = /^ticket\.ticket_field_option_title_(\d+)$/.exec(name))) {
    const id = Number(m[1]);
    const v = t.custom_fields.find((f) => f.id === id)?.value;
    return store.fields.get(id)?.custom_field_options?.find((o) => o.value === v)?.name ?? '';
  }
  if ((m = /^ticket\.ticket_field_(\d+)$/.exec(name))) {
    const v = t.custom_fields.find((f) => f.id === Number(m![1]))?.value;
    return v === null || v === undefined ? '' : Array.isArray(v) ? v.join(' ') : String(v);
  }
  if ((m = /^ticket\.(requester|organization)\.custom_fields\.(\w+)$/.exec(name))) {
    const fields = m[1] === 'requester' ? requester?.user_fields : org?.organization_fields;
    const v = fields?.[m[2]!];
    return v === null || v === undefined ? '' : String(v);
  }
  const table: Record<string, () => unknown> = {
    'ticket.id': () => t.id,
    'ticket.title': () => t.subject,
    'ticket.subject': () => t.subject,
    'ticket.description': () => t.description,
    'ticket.status': () => cap(t.status),
    'ticket.priority': () => (t.priority === null ? '' : cap(t.priority)),
    'ticket.ticket_type': () => (t.type === null ? '' : cap(t.type)),
    'ticket.tags': () => t.tags.join(' '),
    'ticket.url': () => `${baseUrl}/agent/tickets/${t.id}`,
    'ticket.link': () => `${baseUrl}/agent/tickets/${t.id}`,
    'ticket.external_id': () => t.external_id ?? '',
    'ticket.via': () => t.via.channel === 'api' ? 'Web Service' : cap(t.via.channel),
    'ticket.created_at_with_timestamp': () => t.created_at,
    'ticket.updated_at_with_timestamp': () => t.updated_at,
    'ticket.created_at_with_time': () => t.created_at,
    'ticket.updated_at_with_time': () => t.updated_at,
    'ticket.due_date_with_timestamp': () => t.due_at ?? '',
    'ticket.requester.id': () => t.requester_id,
    'ticket.requester.name': () => requester?.name ?? '',
    'ticket.requester.email': () => requester?.email ?? '',
    'ticket.requester.external_id': () => requester?.external_id ?? '',
    'ticket.organization.id': () => t.organization_id ?? '',
    'ticket.organization.name': () => org?.name ?? '',
    'ticket.organization.external_id': () => org?.external_id ?? '',
    'ticket.assignee.id': () => t.assignee_id ?? '',
    'ticket.assignee.name': () => assignee?.name ?? '',
    'ticket.assignee.email': () => assignee?.email ?? '',
    'ticket.group.id': () => t.group_id ?? '',
    'ticket.group.name': () => group?.name ?? '',
    'ticket.latest_comment.value': () => latest?.body ?? '',
    'ticket.latest_comment.is_public': () => (latest ? String(latest.public) : ''),
    'ticket.latest_public_comment.value': () => latestPublic?.body ?? '',
    'current_user.id': () => ctx.actor.id,
    'current_user.name': () => ctx.actor.name,
    'current_user.email': () => ctx.actor.email ?? '',
  };
  const fn = table[name];
  const v = fn ? fn() : '';
  return v === null || v === undefined ? '' : String(v);
}

/** Renders {{placeholders}}; for JSON webhooks values are escaped to be safe inside JSON strings. */
export function renderTemplate(
  store: SimulatorStore, baseUrl: string, template: string, ctx: TriggerContext, json: boolean,
): string {
  return template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_all, name: string) => {
    const v = placeholderValue(store, baseUrl, ctx, name);
    return json ? JSON.stringify(v).slice(1, -1) : v;
  });
}

export interface WebhookNotification {
  trigger: Trigger;
  webhook: Webhook;
  body: string;
}

/** Every notification_webhook action of every matching trigger, rendered (position order). */
export function runTriggers(store: SimulatorStore, baseUrl: string, ctx: TriggerContext): WebhookNotification[] {
  const out: WebhookNotification[] = [];
  const triggers = [...store.triggers.values()].sort((a, b) => a.position - b.position || a.id - b.id);
  for (const trigger of triggers) {
    if (!triggerMatches(trigger, ctx)) continue;
    for (const action of trigger.actions) {
      if (action.field !== 'notification_webhook' || !Array.isArray(action.value)) continue;
      const [webhookId, template] = action.value as unknown[];
      const webhook = store.webhooks.get(String(webhookId));
      if (!webhook || webhook.status !== 'active') continue;
      const body = renderTemplate(store, baseUrl, typeof template === 'string' ? template : '', ctx, webhook.request_format === 'json');
      out.push({ trigger, webhook, body });
    }
  }
  return out;
}
