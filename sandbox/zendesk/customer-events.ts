// Zendesk user and organization custom-field events ("zen:event-type:user.custom_field_changed",
// "zen:event-type:organization.custom_field_changed"), sent to subscribed webhooks when a
// user's or organization's custom fields change, one event per changed field.
import { randomUUID } from 'node:crypto';
import type { Deps } from './context.ts';
import { ACCOUNT_ID } from './store.ts';
import type { FieldValue, Organization, User } from './types.ts';

export const CUSTOMER_EVENT_TYPES = ['zen:event-type:user.custom_field_changed', 'zen:event-type:organization.custom_field_changed'] as const;

type Kind = 'user' | 'organization';

function changedKeys(before: Record<string, FieldValue>, after: Record<string, FieldValue>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null));
}

function detail(kind: Kind, record: User | Organization): Record<string, unknown> {
  const base = { id: String(record.id), created_at: record.created_at, updated_at: record.updated_at, external_id: record.external_id };
  if (kind === 'organization') return { ...base, name: record.name };
  const user = record as User;
  return { ...base, role: user.role, organization_id: user.organization_id === null ? null : String(user.organization_id), default_group_id: user.default_group_id === null ? null : String(user.default_group_id) };
}

export function dispatchCustomerFieldEvents(deps: Deps, kind: Kind, before: User | Organization, after: User | Organization): void {
  const fieldKind = kind === 'user' ? 'user_field' : 'organization_field';
  const beforeFields = (kind === 'user' ? (before as User).user_fields : (before as Organization).organization_fields) ?? {};
  const afterFields = (kind === 'user' ? (after as User).user_fields : (after as Organization).organization_fields) ?? {};
  const keys = changedKeys(beforeFields, afterFields);
  if (keys.length === 0) return;
  const type = `zen:event-type:${kind}.custom_field_changed`;
  const sequenceId = randomUUID();
  const time = new Date(deps.store.now()).toISOString();
  const events = keys.map((key, i) => {
    const field = deps.store.fieldsOf(fieldKind).find((f) => f.key === key);
    return {
      type,
      account_id: ACCOUNT_ID,
      id: randomUUID(),
      time,
      zendesk_event_version: '2022-06-20',
      subject: `zen:${kind}:${after.id}`,
      detail: detail(kind, after),
      event: {
        current: afterFields[key] ?? null,
        previous: beforeFields[key] ?? null,
        custom_field: { id: field ? String(field.id) : null, key, title: field?.title ?? key, field_type: field?.type ?? null },
        meta: { sequence: { id: sequenceId, position: i + 1, total: keys.length } },
      },
    };
  });
  for (const webhook of deps.store.webhooks.values()) {
    if (webhook.status !== 'active' || !webhook.subscriptions.includes(type)) continue;
    for (const ev of events) deps.webhooks.send(webhook, JSON.stringify(ev), { source: 'event', event_type: type, trigger_id: null, ticket_id: null });
  }
}
