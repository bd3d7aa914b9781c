/** The contract fixtures (see README.md), one import for the worker's tests and the simulator's. */
import errors401 from './errors/401.json' with { type: 'json' };
import errors403 from './errors/403.json' with { type: 'json' };
import errors404 from './errors/404.json' with { type: 'json' };
import errors409 from './errors/409.json' with { type: 'json' };
import errors422 from './errors/422.json' with { type: 'json' };
import errors429 from './errors/429.json' with { type: 'json' };
import organizationCustomFieldChanged from './events/organization.custom_field_changed.json' with { type: 'json' };
import agentAssignmentChanged from './events/ticket.agent_assignment_changed.json' with { type: 'json' };
import commentAdded from './events/ticket.comment_added.json' with { type: 'json' };
import created from './events/ticket.created.json' with { type: 'json' };
import customFieldChanged from './events/ticket.custom_field_changed.json' with { type: 'json' };
import groupAssignmentChanged from './events/ticket.group_assignment_changed.json' with { type: 'json' };
import organizationChanged from './events/ticket.organization_changed.json' with { type: 'json' };
import priorityChanged from './events/ticket.priority_changed.json' with { type: 'json' };
import requesterChanged from './events/ticket.requester_changed.json' with { type: 'json' };
import statusChanged from './events/ticket.status_changed.json' with { type: 'json' };
import tagsChanged from './events/ticket.tags_changed.json' with { type: 'json' };
import userCustomFieldChanged from './events/user.custom_field_changed.json' with { type: 'json' };
import appInstallations from './rest/app-installations.json' with { type: 'json' };
import groupsPage1 from './rest/groups-page-1.json' with { type: 'json' };
import groupsPage2 from './rest/groups-page-2.json' with { type: 'json' };
import organization from './rest/organization.json' with { type: 'json' };
import searchTickets from './rest/search-tickets.json' with { type: 'json' };
import ticketWithMetricSet from './rest/ticket-with-metric-set.json' with { type: 'json' };
import ticketWithMetricSets from './rest/ticket-with-metric-sets.json' with { type: 'json' };
import userWithOrganizations from './rest/user-with-organizations.json' with { type: 'json' };
import triggerPayload from './trigger-payload.json' with { type: 'json' };

/** Every ticket event type Tierwise subscribes to (scripts/zendesk/desired.ts), by its zen:event-type name. */
export const ticketEvents = {
  'zen:event-type:ticket.created': created,
  'zen:event-type:ticket.status_changed': statusChanged,
  'zen:event-type:ticket.priority_changed': priorityChanged,
  'zen:event-type:ticket.tags_changed': tagsChanged,
  'zen:event-type:ticket.agent_assignment_changed': agentAssignmentChanged,
  'zen:event-type:ticket.group_assignment_changed': groupAssignmentChanged,
  'zen:event-type:ticket.comment_added': commentAdded,
  'zen:event-type:ticket.custom_field_changed': customFieldChanged,
  'zen:event-type:ticket.requester_changed': requesterChanged,
  'zen:event-type:ticket.organization_changed': organizationChanged,
} as const;

export const customerEvents = {
  'zen:event-type:user.custom_field_changed': userCustomFieldChanged,
  'zen:event-type:organization.custom_field_changed': organizationCustomFieldChanged,
} as const;

export const rest = { ticketWithMetricSets, ticketWithMetricSet, userWithOrganizations, organization, appInstallations, groupsPage1, groupsPage2, searchTickets } as const;

export const errors = { 401: errors401, 403: errors403, 404: errors404, 409: errors409, 422: errors422, 429: errors429 } as const;

export { triggerPayload };
