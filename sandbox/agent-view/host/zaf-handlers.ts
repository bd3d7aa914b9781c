/// <reference lib="dom" />
/** How the page answers the app's ZAF calls: `get`, `set`, `invoke` and `request`, as Zendesk does. */
import { notice } from './dom.ts';
import { answerGet } from './paths.ts';
import { requestOutcome, type ProxyEnvelope } from './responses.ts';
import type { HostSession } from './session.ts';
import { currentTags, updateTicket } from './ticket-updates.ts';
import type { AppRequest, HostHandlers, RequestOutcome } from './zaf-host.ts';

export function zafHandlers(session: HostSession): HostHandlers {
  return {
    registration: () => ({ metadata: session.state.metadata, context: session.state.context }),
    get: (paths) => answerGet(session.state.root, paths),
    set: (values) => setValues(session, values),
    invoke: (calls) => invokeActions(session, calls),
    request: relayRequest,
  };
}

/** `client.set`: ticket fields, custom fields and the assignee, saved as one agent update. */
async function setValues(session: HostSession, values: Record<string, unknown>): Promise<Record<string, unknown>> {
  const result: Record<string, unknown> = {};
  const errors: Record<string, unknown> = {};
  const update: Record<string, unknown> = {};
  const customFields: Array<{ id: number; value: unknown }> = [];
  for (const [path, value] of Object.entries(values)) {
    const field = /^ticket\.(priority|status|type|subject|tags)$/.exec(path);
    const custom = /^ticket\.customField:custom_field_(\d+)$/.exec(path);
    if (session.isTicket && field?.[1]) {
      update[field[1]] = value;
      result[path] = value;
    } else if (session.isTicket && custom?.[1]) {
      customFields.push({ id: Number(custom[1]), value });
      result[path] = value;
    } else if (session.isTicket && path === 'ticket.assignee' && value && typeof value === 'object') {
      const { userId, groupId } = value as { userId?: number; groupId?: number };
      if (userId !== undefined) update['assignee_id'] = userId;
      if (groupId !== undefined) update['group_id'] = groupId;
      result[path] = value;
    } else {
      errors[path] = { message: `Could not set "${path}"`, name: 'APIUnavailable', path };
    }
  }
  if (customFields.length > 0) update['custom_fields'] = customFields;
  if (Object.keys(update).length > 0 && !(await updateTicket(session, { ticket: update }))) {
    for (const path of Object.keys(result)) errors[path] = { message: 'The ticket update failed', name: 'Error', path };
  }
  result['errors'] = errors;
  return result;
}

function normaliseSize(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return `${Math.max(0, Math.round(value))}px`;
  if (typeof value === 'string' && /^\d+(\.\d+)?(px|%|vh|em|rem)?$/.test(value.trim())) {
    return /^\d+(\.\d+)?$/.test(value.trim()) ? `${value.trim()}px` : value.trim();
  }
  return null;
}

/** `client.invoke`: resize, notify and ticket tags; the rest is accepted and ignored, instances.create refused. */
async function invokeActions(session: HostSession, calls: Record<string, unknown[]>): Promise<Record<string, unknown>> {
  const result: Record<string, unknown> = {};
  const errors: Record<string, unknown> = {};
  for (const [action, rawArgs] of Object.entries(calls)) {
    const args = Array.isArray(rawArgs) ? rawArgs : [rawArgs];
    if (action === 'resize') {
      const size = (args[0] ?? {}) as { height?: unknown; width?: unknown };
      const height = normaliseSize(size.height);
      if (height) session.iframe.style.height = height;
      result[action] = null;
    } else if (action === 'notify') {
      notice(String(args[0] ?? ''), args[1] === 'error' || args[1] === 'alert' ? 'error' : 'info');
      result[action] = null;
    } else if ((action === 'ticket.tags.add' || action === 'ticket.tags.remove') && session.isTicket) {
      const given = (Array.isArray(args[0]) ? args[0] : args).map(String);
      const tags = action === 'ticket.tags.add' ? [...new Set([...currentTags(session), ...given])] : currentTags(session).filter((t) => !given.includes(t));
      await updateTicket(session, { ticket: { tags } });
      result[action] = null;
    } else if (action === 'instances.create') {
      errors[action] = { message: 'instances.create is not available in the local agent view', name: 'APIUnavailable', path: action };
    } else {
      // app.show/hide, comment.appendText, popover, preloadPane, routeTo, ...: accepted.
      result[action] = null;
    }
  }
  result['errors'] = errors;
  return result;
}

/** `client.request`: through the server's proxy, or straight from the browser for `cors: true` without secure settings. */
async function relayRequest(options: AppRequest): Promise<RequestOutcome> {
  let envelope: ProxyEnvelope;
  if (options.cors && !options.secure) {
    // cors: true is a direct browser request in Zendesk too (no proxy, no secure settings).
    try {
      const response = await fetch(options.url, {
        method: (options.type ?? 'GET').toUpperCase(),
        headers: options.headers ?? {},
        ...(options.data !== undefined && (options.type ?? 'GET').toUpperCase() !== 'GET'
          ? { body: typeof options.data === 'string' ? options.data : JSON.stringify(options.data) }
          : {}),
      });
      envelope = { status: response.status, statusText: response.statusText, headers: Object.fromEntries(response.headers.entries()), body: await response.text() };
    } catch (error) {
      envelope = { status: 0, statusText: 'error', headers: {}, body: String(error) };
    }
  } else {
    const response = await fetch('/proxy', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(options) });
    envelope = (await response.json()) as ProxyEnvelope;
  }
  return requestOutcome(envelope, options);
}
