/** The ticket as Zendesk shows it, normalised: what every decision about a ticket reads. */
import { toPriority, toStatus, type Priority, type TicketStatus } from '../domain.ts';
import { normaliseTags } from '../tags.ts';

export interface TicketSnapshot {
  id: number;
  status: TicketStatus;
  priority: Priority | null;
  tags: string[];
  requesterId: number | null;
  organizationId: number | null;
  groupId: number | null;
  assigneeId: number | null;
  /** ms since epoch */
  createdAt: number;
  /** Zendesk's updated_at, verbatim: the safe_update stamp. */
  updatedAt: string;
  customFields: Array<{ id: number; value: unknown }>;
}

/** The fields of a Zendesk REST ticket (GET /api/v2/tickets/{id}) a snapshot is made of. */
export interface ZendeskTicketFields {
  id: number;
  status: string;
  priority: string | null;
  tags: readonly unknown[] | null;
  requester_id: number | null;
  organization_id: number | null;
  group_id: number | null;
  assignee_id: number | null;
  created_at: string;
  updated_at: string;
  custom_fields?: Array<{ id: number; value: unknown }> | null;
}

export function snapshotOf(ticket: ZendeskTicketFields): TicketSnapshot {
  return {
    id: ticket.id,
    status: toStatus(ticket.status) ?? 'open',
    priority: toPriority(ticket.priority),
    tags: normaliseTags(ticket.tags),
    requesterId: ticket.requester_id,
    organizationId: ticket.organization_id,
    groupId: ticket.group_id,
    assigneeId: ticket.assignee_id,
    createdAt: Date.parse(ticket.created_at),
    updatedAt: ticket.updated_at,
    customFields: ticket.custom_fields ?? [],
  };
}

/** The newest of the snapshots events carried (by updated_at), or null when none carried one. */
export function newestSnapshot(snapshots: ReadonlyArray<TicketSnapshot | null>): TicketSnapshot | null {
  let newest: TicketSnapshot | null = null;
  for (const snapshot of snapshots) {
    if (snapshot && (!newest || Date.parse(snapshot.updatedAt) >= Date.parse(newest.updatedAt))) newest = snapshot;
  }
  return newest;
}
