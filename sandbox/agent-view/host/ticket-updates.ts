/// <reference lib="dom" />
/**
 * The ticket as the page shows it: apply a new state (firing the change events Zendesk fires),
 * keep the agent's controls and the details panel in step, and save the agent's changes.
 */
import { recordChangeEvents, ticketChangeEvents, type ZafEvent } from './changes.ts';
import { byId, fetchJson, notice } from './dom.ts';
import type { HostSession, HostState } from './session.ts';

export interface TicketUpdate {
  ticket?: Record<string, unknown>;
  takeIt?: boolean;
}

/** Put the ticket's current values in the agent's controls (not the one being edited). */
export function syncControls(session: HostSession): void {
  const ticket = session.state.root['ticket'] as Record<string, unknown> | undefined;
  if (!ticket) return;
  const set = (id: string, value: string) => {
    const element = byId<HTMLSelectElement | HTMLInputElement>(id);
    if (element && document.activeElement !== element) element.value = value;
  };
  set('priority-select', String(ticket['priority'] ?? ''));
  set('status-select', String(ticket['status'] ?? ''));
  const group = (ticket['assignee'] as { group?: { id?: number } | null } | undefined)?.group;
  set('group-select', group?.id ? String(group.id) : '');
  set('tags-input', Array.isArray(ticket['tags']) ? (ticket['tags'] as string[]).join(' ') : '');
}

async function refreshDetails(session: HostSession): Promise<void> {
  if (!session.isTicket) return;
  const response = await fetch(`/tickets/${session.config.recordId}/details`);
  if (!response.ok) return;
  const holder = byId('ticket-details');
  if (holder) holder.innerHTML = await response.text();
  syncControls(session);
}

/**
 * Take a new state and fire the app's change events; `external` (a change made elsewhere) also
 * fires `ticket.updated`, as Zendesk does for another agent's or the API's change.
 */
export function applyState(session: HostSession, next: HostState, external: boolean): ZafEvent[] {
  const { host, config } = session;
  const previous = session.state;
  session.state = next;
  if (config.location !== 'ticket_sidebar') {
    const key = config.location === 'user_sidebar' ? 'user' : 'organization';
    const events = recordChangeEvents(key, previous.root[key], next.root[key]);
    for (const event of events) host.fire(event.name, event.data);
    return events;
  }
  const before = previous.root['ticket'];
  const after = next.root['ticket'];
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  const events = ticketChangeEvents(before, after);
  for (const event of events) host.fire(event.name, event.data);
  if (external) {
    const ticket = after as { id?: unknown; updatedAt?: unknown };
    host.fire('ticket.updated', { ticketId: ticket.id, updatedAt: ticket.updatedAt });
  }
  void refreshDetails(session);
  return events;
}

/** The agent submits a change: save hook, PUT as the agent, then the events Zendesk fires. */
export async function updateTicket(session: HostSession, body: TicketUpdate): Promise<boolean> {
  const { host } = session;
  session.busy = true;
  try {
    const veto = await host.ask('ticket.save', null);
    if (veto) {
      notice(veto, 'error');
      syncControls(session);
      return false;
    }
    host.fire('ticket.submit.start', null);
    try {
      const next = await fetchJson<HostState>(`/host-api/tickets/${session.config.recordId}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      applyState(session, next, false);
      host.fire('ticket.submit.done', null);
      return true;
    } catch (error) {
      notice(`Update failed: ${String(error)}`, 'error');
      host.fire('ticket.submit.fail', null);
      syncControls(session);
      return false;
    } finally {
      host.fire('ticket.submit.always', null);
    }
  } finally {
    session.busy = false;
  }
}

export function currentTags(session: HostSession): string[] {
  const ticket = session.state.root['ticket'] as { tags?: string[] } | undefined;
  return [...(ticket?.tags ?? [])];
}

/** Notice changes made elsewhere (the worker, another agent, the API) by re-reading the state. */
export function pollForChanges(session: HostSession): void {
  const poll = async () => {
    if (session.busy) return;
    try {
      const next = await fetchJson<HostState>(session.stateUrl);
      if (!session.busy) applyState(session, next, true);
    } catch {
      // The simulator may be restarting; try again next time.
    }
  };
  setInterval(() => void poll(), Math.max(250, session.config.pollMs));
}
