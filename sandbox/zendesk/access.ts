/**
 * Which tickets a user may see, as Zendesk decides it: admins and unrestricted agents all of
 * them; an agent with a `ticket_restriction` the ones it allows (and always those they requested
 * or are assigned); an end user their own requests. Reads of a ticket outside that get 403.
 */
import { ApiError } from './errors.ts';
import type { SimulatorStore } from './store.ts';
import type { Ticket, User } from './types.ts';

export function canSeeTicket(store: SimulatorStore, user: User, ticket: Ticket): boolean {
  if (user.role === 'admin') return true;
  if (ticket.requester_id === user.id) return true;
  if (user.role === 'end-user') return false;
  if (ticket.assignee_id === user.id) return true;
  switch (user.ticket_restriction ?? null) {
    case null: return true;
    case 'groups': return ticket.group_id !== null && store.isGroupMember(user.id, ticket.group_id);
    case 'organization': return ticket.organization_id !== null && ticket.organization_id === user.organization_id;
    case 'assigned':
    case 'requested': return false;
  }
}

export const forbidden = (): ApiError =>
  new ApiError(403, { error: 'Forbidden', description: 'You do not have access to this page. Please contact the account owner of this help desk for further help.' });

export function assertCanSee(store: SimulatorStore, user: User, ticket: Ticket): Ticket {
  if (!canSeeTicket(store, user, ticket)) throw forbidden();
  return ticket;
}
