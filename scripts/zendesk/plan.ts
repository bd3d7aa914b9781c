/**
 * Desired state vs what the account has -> a list of actions. Pure: no HTTP, no clock, so every
 * decision (create, update, leave alone, refuse) is unit-testable.
 *
 * Rules that keep a re-run safe:
 * - Things are found by their natural key: field key (user/organization fields), title and option
 *   values (ticket field), name (groups, trigger), connection method plus endpoint or name
 *   (webhooks); nothing is ever deleted.
 * - Zendesk fixes a webhook's connection method at creation: the mode's webhook is created (or
 *   reactivated) and the other method's Tierwise webhook is retired by deactivating it, after the
 *   new path is in place. Deactivated, not deleted: switching back reuses it (and its secret).
 * - An existing field of the wrong type is a conflict: Zendesk cannot change a field's type, and
 *   silently creating a second field would leave Tierwise reading the wrong one.
 * - Existing dropdown options are kept as they are (customers' values point at them); missing
 *   ones are appended. Admins' titles and descriptions are not overwritten.
 */
import { z } from 'zod';
import { WEBHOOK_NAMES, connectionMethodOf } from './desired.ts';
import type { Condition, DesiredCustomerField, DesiredFollowUpField, DesiredState, DesiredTicketForm, FieldOption } from './desired.ts';

// ---- Current state, as read from Zendesk (validated: the executor parses API answers with these) ----

const option = z.object({ id: z.number().optional(), name: z.string(), value: z.string() }).passthrough();
export const currentFieldSchema = z.object({
  id: z.number(),
  type: z.string(),
  key: z.string().nullable().optional(),
  title: z.string(),
  active: z.boolean().optional().default(true),
  custom_field_options: z.array(option).nullable().optional(),
}).passthrough();
export const currentFormSchema = z.object({ id: z.number(), name: z.string(), active: z.boolean().optional().default(true), ticket_field_ids: z.array(z.number()).optional().default([]) }).passthrough();
export const currentGroupSchema = z.object({ id: z.number(), name: z.string(), deleted: z.boolean().optional() }).passthrough();
export const currentWebhookSchema = z.object({
  id: z.string(),
  name: z.string(),
  endpoint: z.string(),
  http_method: z.string(),
  request_format: z.string(),
  status: z.string(),
  subscriptions: z.array(z.string()).nullable().optional(),
}).passthrough();
const conditionSchema = z.object({ field: z.string(), operator: z.string(), value: z.unknown().optional() }).passthrough();
export const currentTriggerSchema = z.object({
  id: z.number(),
  title: z.string(),
  active: z.boolean(),
  conditions: z.object({ all: z.array(conditionSchema).optional().default([]), any: z.array(conditionSchema).optional().default([]) }),
  actions: z.array(z.object({ field: z.string(), value: z.unknown() }).passthrough()),
}).passthrough();

export type CurrentField = z.infer<typeof currentFieldSchema>;
export type CurrentForm = z.infer<typeof currentFormSchema>;
export type CurrentGroup = z.infer<typeof currentGroupSchema>;
export type CurrentWebhook = z.infer<typeof currentWebhookSchema>;
export type CurrentTrigger = z.infer<typeof currentTriggerSchema>;

export interface CurrentState {
  userFields: CurrentField[];
  organizationFields: CurrentField[];
  ticketFields: CurrentField[];
  /** Null when the plan has no ticket forms (Zendesk answered 403). */
  ticketForms: CurrentForm[] | null;
  groups: CurrentGroup[];
  webhooks: CurrentWebhook[];
  triggers: CurrentTrigger[];
}

// ---- Actions ----

export type ResourceKind = 'user_field' | 'organization_field' | 'ticket_field' | 'follow_up_field' | 'ticket_form' | 'group' | 'webhook' | 'trigger';

export interface ApiRequest {
  method: 'POST' | 'PUT' | 'PATCH';
  path: string;
  body: Record<string, unknown>;
}

interface BaseAction {
  kind: ResourceKind;
  /** Human name: "user field annual_spend (decimal)". */
  label: string;
}
export type Action =
  | (BaseAction & { op: 'create'; request: ApiRequest })
  | (BaseAction & { op: 'update'; id: number | string; changes: string[]; request: ApiRequest })
  | (BaseAction & { op: 'unchanged'; id: number | string; note?: string })
  | (BaseAction & { op: 'conflict'; id: number | string; problem: string; fix: string });

/** Stands for the follow-up fields' ids in a form's ticket_field_ids; the executor substitutes them. */
export const PENDING_FIELD_IDS = '<ids of the follow-up fields above>';

/** Stands for the id of the webhook this run creates; the executor substitutes it. */
export const PENDING_WEBHOOK_ID = '<id of the webhook created above>';

export interface Plan {
  actions: Action[];
  /** The webhook Tierwise uses after the plan ran: existing id, or null when it is created. */
  webhookId: string | null;
}

export function countByOp(actions: readonly Action[]): Record<Action['op'], number> {
  const counts = { create: 0, update: 0, unchanged: 0, conflict: 0 };
  for (const a of actions) counts[a.op] += 1;
  return counts;
}

const FIELD_PATHS = { user_field: '/api/v2/user_fields.json', organization_field: '/api/v2/organization_fields.json', ticket_field: '/api/v2/ticket_fields.json' } as const;
const fieldPath = (kind: keyof typeof FIELD_PATHS, id?: number): string =>
  id === undefined ? FIELD_PATHS[kind] : FIELD_PATHS[kind].replace(/\.json$/, `/${id}.json`);
const kindName = (kind: ResourceKind): string => kind.replace('_', ' ');
const norm = (s: string): string => s.trim().toLowerCase();

/** Numbers are numbers: Tierwise reads integer and decimal fields alike. */
const compatibleTypes: Record<DesiredCustomerField['type'], string[]> = {
  decimal: ['decimal', 'integer'],
  integer: ['integer', 'decimal'],
  dropdown: ['dropdown'],
  date: ['date'],
  // A user ID reads the same from a text, regexp or whole-number field.
  text: ['text', 'regexp', 'integer'],
};

/** The tier an option value stands for, read like shared/tier.ts reads overrides ("core", "tier_core"). */
function tierOf(value: string): string {
  return value.trim().toLowerCase().replace(/^.*[_-]/, '');
}

/** The scene a tag value stands for, read like shared/scene.ts reads tags ("scene_presale"). */
function sceneOf(value: string): string | null {
  if (!/(^|_)scene_/.test(value.toLowerCase())) return null;
  return value.trim().toLowerCase().split(/[_\s-]/).pop() ?? null;
}

function missingOptions(existing: readonly { value: string }[], wanted: readonly FieldOption[], meaning: (v: string) => string | null): FieldOption[] {
  const have = new Set(existing.map((o) => meaning(o.value)).filter((v): v is string => v !== null));
  return wanted.filter((o) => !have.has(meaning(o.value) ?? o.value));
}

function keepOptions(existing: readonly { id?: number | undefined; name: string; value: string }[]): Array<{ id?: number; name: string; value: string }> {
  return existing.map((o) => (o.id === undefined ? { name: o.name, value: o.value } : { id: o.id, name: o.name, value: o.value }));
}

/** What an existing field of the right type lacks: reactivation, and the wanted options it misses (kept ones untouched). */
function fieldRepairs(found: CurrentField, options: readonly FieldOption[] | undefined, meaning: (v: string) => string | null): { changes: string[]; patch: Record<string, unknown> } {
  const changes: string[] = [];
  const patch: Record<string, unknown> = {};
  if (found.active === false) {
    changes.push('reactivate (it is inactive)');
    patch.active = true;
  }
  if (options) {
    const existing = found.custom_field_options ?? [];
    const missing = missingOptions(existing, options, meaning);
    if (missing.length > 0) {
      changes.push(`add option${missing.length > 1 ? 's' : ''} ${missing.map((o) => o.value).join(', ')}`);
      patch.custom_field_options = [...keepOptions(existing), ...missing];
    }
  }
  return { changes, patch };
}

function planCustomerField(kind: 'user_field' | 'organization_field', want: DesiredCustomerField, current: readonly CurrentField[]): Action {
  const label = `${kindName(kind)} ${want.key} (${want.type})`;
  const envelope = kind;
  const found = current.find((f) => f.key === want.key) ?? current.find((f) => f.key != null && norm(f.key) === norm(want.key));
  if (!found) {
    const body: Record<string, unknown> = { type: want.type, key: want.key, title: want.title, description: want.description, active: true };
    if (want.options) body.custom_field_options = want.options;
    return { op: 'create', kind, label, request: { method: 'POST', path: fieldPath(kind), body: { [envelope]: body } } };
  }
  if (!compatibleTypes[want.type].includes(found.type)) {
    const owner = kind === 'user_field' ? 'user' : 'organization';
    return {
      op: 'conflict', kind, label, id: found.id,
      problem: `${owner} field "${found.key ?? want.key}" (id ${found.id}) already exists as ${found.type}; Tierwise needs ${want.type}`,
      fix: `Zendesk cannot change a field's type, so setup leaves it alone. Either delete or re-key that field in Admin Center > People > Configuration > ${owner === 'user' ? 'User' : 'Organization'} fields (its values are lost or kept under the new key) and run setup again, or keep it and have Tierwise use another key: create a ${want.type} field under a new key (run setup with --set ${want.setting}=<new_key>) and set the app setting ${want.setting} to that key.`,
    };
  }
  const { changes, patch } = fieldRepairs(found, want.options, tierOf);
  if (changes.length === 0) return { op: 'unchanged', kind, label, id: found.id, ...(found.type !== want.type ? { note: `exists as ${found.type}, which Tierwise reads as a number too` } : {}) };
  return { op: 'update', kind, label, id: found.id, changes, request: { method: 'PUT', path: fieldPath(kind, found.id), body: { [envelope]: patch } } };
}

function planTicketField(want: DesiredState['ticketField'], current: readonly CurrentField[]): Action {
  const kind = 'ticket_field';
  const label = `ticket field "${want.title}" (${want.type}: ${want.options.map((o) => o.value).join(' / ')})`;
  const byTitle = current.find((f) => norm(f.title).startsWith(norm(want.title)));
  const byOptions = current.find((f) => (f.type === 'tagger' || f.type === 'multiselect') && missingOptions(f.custom_field_options ?? [], want.options, sceneOf).length === 0);
  const found = byTitle ?? byOptions;
  if (!found) {
    return { op: 'create', kind, label, request: { method: 'POST', path: fieldPath(kind), body: { ticket_field: { type: want.type, title: want.title, description: want.description, active: true, custom_field_options: want.options } } } };
  }
  if (found.type !== 'tagger') {
    return {
      op: 'conflict', kind, label, id: found.id,
      problem: `ticket field "${found.title}" (id ${found.id}) already exists as ${found.type}; Tierwise needs a drop-down (tagger) whose tags are ${want.options.map((o) => o.value).join(', ')}`,
      fix: `Rename or deactivate that field in Admin Center > Objects and rules > Tickets > Fields and run setup again. (Tierwise also reads the scene from the tags scene_presale / scene_insale / scene_aftersale, however they get on the ticket.)`,
    };
  }
  const changes: string[] = [];
  const patch: Record<string, unknown> = {};
  if (found.active === false) {
    changes.push('reactivate (it is inactive)');
    patch.active = true;
  }
  const existing = found.custom_field_options ?? [];
  const missing = missingOptions(existing, want.options, sceneOf);
  if (missing.length > 0) {
    changes.push(`add option${missing.length > 1 ? 's' : ''} ${missing.map((o) => o.value).join(', ')}`);
    patch.custom_field_options = [...keepOptions(existing), ...missing];
  }
  if (changes.length === 0) return { op: 'unchanged', kind, label, id: found.id };
  return { op: 'update', kind, label, id: found.id, changes, request: { method: 'PUT', path: fieldPath(kind, found.id), body: { ticket_field: patch } } };
}

/** A follow-up field, found by its title: created, reactivated, given missing options; a wrong type is a conflict. */
function planFollowUpField(want: DesiredFollowUpField, current: readonly CurrentField[]): Action {
  const kind = 'follow_up_field';
  const label = `follow-up field "${want.title}" (${want.type})`;
  const found = current.find((f) => norm(f.title) === norm(want.title));
  if (!found) {
    const body = { type: want.type, title: want.title, description: want.description, active: true, ...(want.options ? { custom_field_options: want.options } : {}), ...(want.tag ? { tag: want.tag } : {}) };
    return { op: 'create', kind, label, request: { method: 'POST', path: fieldPath('ticket_field'), body: { ticket_field: body } } };
  }
  if (found.type !== want.type) {
    return {
      op: 'conflict', kind, label, id: found.id,
      problem: `ticket field "${found.title}" (id ${found.id}) already exists as ${found.type}; the follow-up record needs a ${want.type} field`,
      fix: 'Rename or deactivate that field in Admin Center > Objects and rules > Tickets > Fields and run setup again.',
    };
  }
  const { changes, patch } = fieldRepairs(found, want.options, (v) => v);
  if (changes.length === 0) return { op: 'unchanged', kind, label, id: found.id };
  return { op: 'update', kind, label, id: found.id, changes, request: { method: 'PUT', path: fieldPath('ticket_field', found.id), body: { ticket_field: patch } } };
}

/**
 * The care tasks' form, found by name. Its field ids are the follow-up fields' (some created in
 * this run): the request names them with PENDING_FIELD_IDS. A plan without forms is a note.
 */
function planFollowUpForm(want: DesiredTicketForm, forms: readonly CurrentForm[] | null, fields: readonly Action[]): Action {
  const kind = 'ticket_form';
  const label = `ticket form "${want.name}" (${want.fieldTitles.length} follow-up fields)`;
  if (forms === null) return { op: 'unchanged', kind, label, id: '-', note: 'not on this plan: ticket forms need Suite Growth or above, or Support Enterprise; the follow-up fields show on the task without a form' };
  const found = forms.find((f) => norm(f.name) === norm(want.name));
  if (!found) {
    return { op: 'create', kind, label, request: { method: 'POST', path: '/api/v2/ticket_forms.json', body: { ticket_form: { name: want.name, display_name: want.display_name, active: true, end_user_visible: false, ticket_field_ids: [PENDING_FIELD_IDS] } } } };
  }
  const known = fields.map((a) => (a.op === 'create' ? null : Number(a.id)));
  const complete = known.every((id) => id !== null && found.ticket_field_ids.includes(id));
  if (complete && found.active) return { op: 'unchanged', kind, label, id: found.id };
  const changes = [...(found.active ? [] : ['reactivate (it is inactive)']), ...(complete ? [] : ['add the missing follow-up fields'])];
  return { op: 'update', kind, label, id: found.id, changes, request: { method: 'PUT', path: `/api/v2/ticket_forms/${found.id}.json`, body: { ticket_form: { active: true, ticket_field_ids: [...found.ticket_field_ids, PENDING_FIELD_IDS] } } } };
}

/** A form request with PENDING_FIELD_IDS replaced by the follow-up fields' ids (each once). */
export function withFieldIds(request: ApiRequest, ids: ReadonlyArray<number | string>): ApiRequest {
  const form = request.body.ticket_form as { ticket_field_ids: Array<number | string> };
  const fieldIds = [...new Set(form.ticket_field_ids.flatMap((id) => (id === PENDING_FIELD_IDS ? ids.map(Number) : [Number(id)])))];
  return { ...request, body: { ticket_form: { ...form, ticket_field_ids: fieldIds } } };
}

function planGroup(want: DesiredState['groups'][number], current: readonly CurrentGroup[]): Action {
  const label = `group "${want.name}" (${want.setting})`;
  const found = current.find((g) => g.deleted !== true && norm(g.name) === norm(want.name));
  if (found) return { op: 'unchanged', kind: 'group', label, id: found.id };
  return { op: 'create', kind: 'group', label, request: { method: 'POST', path: '/api/v2/groups.json', body: { group: { name: want.name, description: want.description } } } };
}

const sameSet = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

const methodOf = (w: CurrentWebhook) => connectionMethodOf(w.subscriptions ?? []);

/** Tierwise's webhooks of one connection method: pointing at the worker, or named like Tierwise's. */
function tierwiseWebhooks(want: DesiredState['webhook'], current: readonly CurrentWebhook[], method: DesiredState['mode']): CurrentWebhook[] {
  const names = Object.values(WEBHOOK_NAMES).map(norm);
  return current.filter((w) => methodOf(w) === method && (w.endpoint === want.endpoint || names.includes(norm(w.name))));
}

function planWebhook(want: DesiredState['webhook'], mode: DesiredState['mode'], current: readonly CurrentWebhook[]): Action {
  const label = `webhook "${want.name}" -> ${want.endpoint}`;
  const mine = tierwiseWebhooks(want, current, mode);
  const found = mine.find((w) => w.endpoint === want.endpoint && w.status === 'active')
    ?? mine.find((w) => w.endpoint === want.endpoint)
    ?? mine.find((w) => norm(w.name) === norm(want.name))
    ?? mine[0];
  if (!found) {
    return { op: 'create', kind: 'webhook', label, request: { method: 'POST', path: '/api/v2/webhooks', body: { webhook: { ...want } } } };
  }
  const changes: string[] = [];
  const patch: Record<string, unknown> = {};
  const compare = (key: 'name' | 'endpoint' | 'http_method' | 'request_format' | 'status'): void => {
    if (found[key] !== want[key]) {
      changes.push(`${key} ${JSON.stringify(found[key])} -> ${JSON.stringify(want[key])}`);
      patch[key] = want[key];
    }
  };
  compare('name');
  compare('endpoint');
  compare('http_method');
  compare('request_format');
  compare('status');
  // Same connection method here (Zendesk refuses to switch it), so only event types can differ.
  if (!sameSet(found.subscriptions ?? [], want.subscriptions)) {
    changes.push(`subscriptions -> ${want.subscriptions.length} event types`);
    patch.subscriptions = want.subscriptions;
  }
  if (changes.length === 0) return { op: 'unchanged', kind: 'webhook', label, id: found.id };
  return { op: 'update', kind: 'webhook', label, id: found.id, changes, request: { method: 'PATCH', path: `/api/v2/webhooks/${encodeURIComponent(found.id)}`, body: { webhook: patch } } };
}

/** The other connection method's Tierwise webhooks, still active: deactivate (a live one would notify twice). */
function planRetiredWebhooks(want: DesiredState['webhook'], mode: DesiredState['mode'], current: readonly CurrentWebhook[]): Action[] {
  const other = mode === 'events' ? 'trigger' : 'events';
  return tierwiseWebhooks(want, current, other).filter((w) => w.status === 'active').map((w) => ({
    op: 'update' as const, kind: 'webhook' as const, id: w.id,
    label: `webhook "${w.name}" -> ${w.endpoint} (${other === 'trigger' ? 'trigger' : 'event subscription'} webhook, not used in ${mode} mode)`,
    changes: ['retire: deactivate (Zendesk cannot switch a webhook\'s connection method; kept for switching back)'],
    request: { method: 'PATCH' as const, path: `/api/v2/webhooks/${encodeURIComponent(w.id)}`, body: { webhook: { status: 'inactive' } } },
  }));
}

function sameJson(a: string, b: string): boolean {
  try {
    return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
  } catch {
    return a.trim() === b.trim();
  }
}

function sameConditions(found: readonly { field: string; operator: string; value?: unknown }[], want: readonly Condition[]): boolean {
  const key = (c: { field: string; operator: string; value?: unknown }): string => `${c.field}\u0000${c.operator}\u0000${String(c.value ?? '')}`;
  return sameSet(found.map(key), want.map(key));
}

function planTrigger(state: DesiredState, current: readonly CurrentTrigger[], webhookId: string | null): Action | null {
  const found = current.find((t) => norm(t.title) === norm(state.triggerTitle));
  const want = state.trigger;
  if (!want) {
    // Events mode: the webhook subscription replaces the trigger; a live one would notify twice.
    if (!found) return null;
    const label = `trigger "${found.title}" (not used in events mode)`;
    if (!found.active) return { op: 'unchanged', kind: 'trigger', label, id: found.id, note: 'inactive' };
    return { op: 'update', kind: 'trigger', label, id: found.id, changes: ['deactivate (event subscriptions replace it)'], request: { method: 'PUT', path: `/api/v2/triggers/${found.id}.json`, body: { trigger: { active: false } } } };
  }
  const label = `trigger "${want.title}"`;
  const hookId = webhookId ?? PENDING_WEBHOOK_ID;
  const full = { title: want.title, description: want.description, active: true, conditions: want.conditions, actions: [{ field: 'notification_webhook', value: [hookId, want.body] }] };
  if (!found) return { op: 'create', kind: 'trigger', label, request: { method: 'POST', path: '/api/v2/triggers.json', body: { trigger: full } } };
  const changes: string[] = [];
  if (!found.active) changes.push('activate');
  if (!sameConditions(found.conditions.all, want.conditions.all) || !sameConditions(found.conditions.any, want.conditions.any)) changes.push('conditions -> ticket is created OR updated');
  const hooks = found.actions.filter((a) => a.field === 'notification_webhook');
  const action = hooks[0];
  const value = Array.isArray(action?.value) ? (action.value as unknown[]) : [];
  if (hooks.length !== 1 || found.actions.length !== 1 || String(value[0]) !== hookId || typeof value[1] !== 'string' || !sameJson(value[1], want.body)) {
    changes.push(`action -> notify webhook ${webhookId === null ? '(new)' : webhookId} with ${want.body}`);
  }
  if (changes.length === 0) return { op: 'unchanged', kind: 'trigger', label, id: found.id };
  return { op: 'update', kind: 'trigger', label, id: found.id, changes, request: { method: 'PUT', path: `/api/v2/triggers/${found.id}.json`, body: { trigger: full } } };
}

export function planSetup(desired: DesiredState, current: CurrentState): Plan {
  const actions: Action[] = [];
  for (const g of desired.groups) actions.push(planGroup(g, current.groups));
  for (const f of desired.userFields) actions.push(planCustomerField('user_field', f, current.userFields));
  for (const f of desired.organizationFields) actions.push(planCustomerField('organization_field', f, current.organizationFields));
  actions.push(planTicketField(desired.ticketField, current.ticketFields));
  const followUpFields = desired.followUpFields.map((f) => planFollowUpField(f, current.ticketFields));
  actions.push(...followUpFields, planFollowUpForm(desired.followUpForm, current.ticketForms, followUpFields));
  const webhook = planWebhook(desired.webhook, desired.mode, current.webhooks);
  actions.push(webhook);
  const webhookId = webhook.op === 'create' ? null : String(webhook.id);
  const trigger = planTrigger(desired, current.triggers, webhookId);
  if (trigger) actions.push(trigger);
  // Last: the old path is retired only once the new one is in place.
  actions.push(...planRetiredWebhooks(desired.webhook, desired.mode, current.webhooks));
  return { actions, webhookId };
}

/** One line per action, for the plan and the dry run. */
export function describeAction(a: Action): string {
  switch (a.op) {
    case 'create': return `  create     ${a.label}`;
    case 'update': return `  update     ${a.label}: ${a.changes.join('; ')}`;
    case 'unchanged': return `  unchanged  ${a.label}${a.note ? ` (${a.note})` : ''}`;
    case 'conflict': return `  CONFLICT   ${a.label}: ${a.problem}`;
  }
}
