/**
 * A public comment on a ticket (the customer's or an agent's) is an interaction with the customer:
 * the customer's object records its day, and writes `last_interaction` at most once a day
 * (docs/rules.md#care-cadence). The customer is the ticket's organization, else its requester.
 */
import { isoDay } from '../../../shared/care/dates.ts';
import type { Env } from '../env.ts';
import { customerObject } from '../objects.ts';
import type { TicketEvent } from '../webhook/ticket-event.ts';

export async function recordInteraction(env: Env, event: TicketEvent): Promise<void> {
  const snapshot = event.snapshot;
  if (!snapshot) return;
  const customer = snapshot.organizationId !== null ? { kind: 'organization' as const, id: snapshot.organizationId } : snapshot.requesterId !== null ? { kind: 'user' as const, id: snapshot.requesterId } : null;
  if (!customer) return;
  await customerObject(env, customer.kind, customer.id).recordInteraction(customer, isoDay(event.changedAt ?? Date.now()));
}
