/**
 * A change to a customer's data (a user's or an organization's custom fields: spend, orders,
 * tier override) from Zendesk's event webhooks. Tiers are re-evaluated whenever that data
 * changes, so every open ticket of the customer is handed to its ticket object again.
 */
import { z } from 'zod';

export type CustomerKind = 'user' | 'organization';

export interface CustomerChange {
  eventId: string;
  kind: CustomerKind;
  id: number;
  /** The changed field's key, when the event names it (one event per field); absent: any field. */
  fieldKey?: string;
}

const TYPES = new Map<string, CustomerKind>([
  ['zen:event-type:user.custom_field_changed', 'user'],
  ['zen:event-type:organization.custom_field_changed', 'organization'],
]);

const customerEvent = z.object({
  type: z.string({ error: 'must be the event type' }),
  id: z.string({ error: 'must be the event id (a string)' }).min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  subject: z.string({ error: 'must be zen:user:<id> or zen:organization:<id>' }).max(200, 'must be at most 200 characters'),
  event: z.object({ custom_field: z.object({ key: z.string().min(1).max(64) }).optional().catch(undefined) }).optional().catch(undefined),
});

export function isCustomerEventType(type: unknown): boolean {
  return typeof type === 'string' && TYPES.has(type);
}

/** The change, or a message saying what is wrong with the payload. */
export function parseCustomerChange(body: unknown): { ok: true; change: CustomerChange } | { ok: false; message: string } {
  const parsed = customerEvent.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, message: `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid payload'}` };
  }
  const kind = TYPES.get(parsed.data.type);
  if (!kind) return { ok: false, message: `type: ${parsed.data.type} is not a customer data event` };
  const match = new RegExp(`^zen:${kind}:(\\d{1,16})$`).exec(parsed.data.subject);
  if (!match || Number(match[1]) <= 0) return { ok: false, message: `subject: must be zen:${kind}:<id>` };
  const fieldKey = parsed.data.event?.custom_field?.key;
  return { ok: true, change: { eventId: `evt:${parsed.data.id}`, kind, id: Number(match[1]), ...(fieldKey ? { fieldKey } : {}) } };
}
