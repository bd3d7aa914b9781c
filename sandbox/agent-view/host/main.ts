/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The host page script: wires the agent's controls (priority, status, group, take it, tags,
 * reply / note, language, theme) and plays Zendesk for the app iframe through `ZafHost`.
 * Served to the browser as ES modules by the agent view server (see server.ts).
 */
import { answerGet } from './paths.ts';
import { recordChangeEvents, ticketChangeEvents, type ZafEvent } from './changes.ts';
import { requestOutcome, type ProxyEnvelope } from './responses.ts';
import { ZafHost, type AppRequest, type RequestOutcome } from './zaf-host.ts';

type Location = 'ticket_sidebar' | 'user_sidebar' | 'organization_sidebar';

interface HostConfig {
  location: Location;
  recordId: number;
  appGuid: string;
  pollMs: number;
}

interface HostState {
  root: Record<string, unknown>;
  metadata: unknown;
  context: unknown;
}

declare global {
  interface Window {
    __zafEarly?: MessageEvent[];
    __zafEarlyListener?: (event: MessageEvent) => void;
    __agentView?: Record<string, unknown>;
  }
}

const LOCALE_COOKIE = 'tw_agent_locale';
const COLOR_SCHEME_COOKIE = 'tw_color_scheme';

function setCookie(name: string, value: string): void {
  document.cookie = `${name}=${encodeURIComponent(value)}; path=/; max-age=31536000; samesite=lax`;
}

function notice(text: string, kind: 'info' | 'error' = 'info'): void {
  const box = document.getElementById('host-notices');
  if (!box) return;
  const item = document.createElement('div');
  item.className = `notice ${kind}`;
  item.dataset['testid'] = 'host-notice';
  item.textContent = text;
  box.appendChild(item);
  setTimeout(() => item.remove(), 6000);
}

function byId<T extends HTMLElement>(id: string): T | null {
  return document.getElementById(id) as T | null;
}

function readConfig(): HostConfig | null {
  const element = byId<HTMLScriptElement>('host-config');
  if (!element?.textContent) return null;
  return JSON.parse(element.textContent) as HostConfig;
}

async function fetchJson<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, init);
  const body = (await response.json()) as T & { error?: string };
  if (!response.ok) throw new Error(body.error ?? `${response.status} ${response.statusText}`);
  return body;
}

const listeners: Array<(scheme: string) => void> = [];

function wireSwitches(): void {
  byId<HTMLSelectElement>('locale-switch')?.addEventListener('change', (event) => {
    // Zendesk reloads the agent workspace when the agent changes language; so do we.
    setCookie(LOCALE_COOKIE, (event.target as HTMLSelectElement).value);
    window.location.reload();
  });
  byId<HTMLSelectElement>('color-scheme-switch')?.addEventListener('change', (event) => {
    const scheme = (event.target as HTMLSelectElement).value === 'dark' ? 'dark' : 'light';
    setCookie(COLOR_SCHEME_COOKIE, scheme);
    document.body.classList.toggle('dark', scheme === 'dark');
    document.body.classList.toggle('light', scheme === 'light');
    document.body.dataset['colorScheme'] = scheme;
    for (const listener of listeners) listener(scheme);
  });
}

function normaliseSize(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return `${Math.max(0, Math.round(value))}px`;
  if (typeof value === 'string' && /^\d+(\.\d+)?(px|%|vh|em|rem)?$/.test(value.trim())) {
    return /^\d+(\.\d+)?$/.test(value.trim()) ? `${value.trim()}px` : value.trim();
  }
  return null;
}

async function startHost(config: HostConfig): Promise<void> {
  const iframe = byId<HTMLIFrameElement>('app-iframe');
  if (!iframe) return;
  let state: HostState | null = null;
  let busy = false;
  const stateUrl = `/host-api/state?location=${config.location}&id=${config.recordId}`;

  while (!state) {
    try {
      state = await fetchJson<HostState>(stateUrl);
    } catch (error) {
      notice(`Could not load the ${config.location.replace('_', ' ')} data: ${String(error)}`, 'error');
      await new Promise((r) => setTimeout(r, 2000));
    }
  }

  const current = (): HostState => state as HostState;

  // --- ticket updates ------------------------------------------------------------------
  async function refreshDetails(): Promise<void> {
    if (config.location !== 'ticket_sidebar') return;
    const response = await fetch(`/tickets/${config.recordId}/details`);
    if (!response.ok) return;
    const holder = byId('ticket-details');
    if (holder) holder.innerHTML = await response.text();
    syncControls();
  }

  function syncControls(): void {
    const ticket = current().root['ticket'] as Record<string, unknown> | undefined;
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

  function applyState(next: HostState, external: boolean): ZafEvent[] {
    const previous = current();
    state = next;
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
    void refreshDetails();
    return events;
  }

  /** The agent submits a change: save hook, PUT as the agent, then the events Zendesk fires. */
  async function updateTicket(body: { ticket?: Record<string, unknown>; takeIt?: boolean }): Promise<boolean> {
    busy = true;
    try {
      const veto = await host.ask('ticket.save', null);
      if (veto) {
        notice(veto, 'error');
        syncControls();
        return false;
      }
      host.fire('ticket.submit.start', null);
      try {
        const next = await fetchJson<HostState>(`/host-api/tickets/${config.recordId}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        applyState(next, false);
        host.fire('ticket.submit.done', null);
        return true;
      } catch (error) {
        notice(`Update failed: ${String(error)}`, 'error');
        host.fire('ticket.submit.fail', null);
        syncControls();
        return false;
      } finally {
        host.fire('ticket.submit.always', null);
      }
    } finally {
      busy = false;
    }
  }

  function currentTags(): string[] {
    const ticket = current().root['ticket'] as { tags?: string[] } | undefined;
    return [...(ticket?.tags ?? [])];
  }

  // --- the ZAF host ----------------------------------------------------------------------
  const host = new ZafHost(iframe, config.appGuid, {
    registration: () => ({ metadata: current().metadata, context: current().context }),
    get: (paths) => answerGet(current().root, paths),
    async set(values) {
      const result: Record<string, unknown> = {};
      const errors: Record<string, unknown> = {};
      const update: Record<string, unknown> = {};
      const customFields: Array<{ id: number; value: unknown }> = [];
      for (const [path, value] of Object.entries(values)) {
        const field = /^ticket\.(priority|status|type|subject|tags)$/.exec(path);
        const custom = /^ticket\.customField:custom_field_(\d+)$/.exec(path);
        if (config.location === 'ticket_sidebar' && field?.[1]) {
          update[field[1]] = value;
          result[path] = value;
        } else if (config.location === 'ticket_sidebar' && custom?.[1]) {
          customFields.push({ id: Number(custom[1]), value });
          result[path] = value;
        } else if (config.location === 'ticket_sidebar' && path === 'ticket.assignee' && value && typeof value === 'object') {
          const { userId, groupId } = value as { userId?: number; groupId?: number };
          if (userId !== undefined) update['assignee_id'] = userId;
          if (groupId !== undefined) update['group_id'] = groupId;
          result[path] = value;
        } else {
          errors[path] = { message: `Could not set "${path}"`, name: 'APIUnavailable', path };
        }
      }
      if (customFields.length > 0) update['custom_fields'] = customFields;
      if (Object.keys(update).length > 0 && !(await updateTicket({ ticket: update }))) {
        for (const path of Object.keys(result)) errors[path] = { message: 'The ticket update failed', name: 'Error', path };
      }
      result['errors'] = errors;
      return result;
    },
    async invoke(calls) {
      const result: Record<string, unknown> = {};
      const errors: Record<string, unknown> = {};
      for (const [action, rawArgs] of Object.entries(calls)) {
        const args = Array.isArray(rawArgs) ? rawArgs : [rawArgs];
        if (action === 'resize') {
          const size = (args[0] ?? {}) as { height?: unknown; width?: unknown };
          const height = normaliseSize(size.height);
          if (height) iframe.style.height = height;
          result[action] = null;
        } else if (action === 'notify') {
          notice(String(args[0] ?? ''), args[1] === 'error' || args[1] === 'alert' ? 'error' : 'info');
          result[action] = null;
        } else if ((action === 'ticket.tags.add' || action === 'ticket.tags.remove') && config.location === 'ticket_sidebar') {
          const given = (Array.isArray(args[0]) ? args[0] : args).map(String);
          const tags = action === 'ticket.tags.add' ? [...new Set([...currentTags(), ...given])] : currentTags().filter((t) => !given.includes(t));
          await updateTicket({ ticket: { tags } });
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
    },
    async request(options: AppRequest): Promise<RequestOutcome> {
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
    },
  });

  listeners.push((scheme) => {
    current().root['colorScheme'] = scheme;
    host.fire('colorScheme', scheme);
    host.fire('colorScheme.changed', scheme);
  });

  const early = window.__zafEarly ?? [];
  if (window.__zafEarlyListener) window.removeEventListener('message', window.__zafEarlyListener);
  window.__zafEarly = [];
  host.attach(early);

  window.__agentView = { host, state: () => state, messages: host.messages };

  // --- agent controls ----------------------------------------------------------------------
  if (config.location === 'ticket_sidebar') {
    const onChange = (id: string, build: (value: string) => Record<string, unknown>) =>
      byId<HTMLSelectElement>(id)?.addEventListener('change', (event) => {
        void updateTicket({ ticket: build((event.target as HTMLSelectElement).value) });
      });
    onChange('priority-select', (value) => ({ priority: value === '' ? null : value }));
    onChange('status-select', (value) => ({ status: value }));
    onChange('group-select', (value) => ({ group_id: value === '' ? null : Number(value) }));
    byId('take-it')?.addEventListener('click', () => void updateTicket({ takeIt: true }));
    byId('tags-save')?.addEventListener('click', () => {
      const input = byId<HTMLInputElement>('tags-input');
      const tags = (input?.value ?? '').split(/[\s,]+/).map((t) => t.trim()).filter(Boolean);
      void updateTicket({ ticket: { tags: [...new Set(tags)] } });
    });
    byId('comment-submit')?.addEventListener('click', async () => {
      const textarea = byId<HTMLTextAreaElement>('comment-body');
      const body = textarea?.value.trim() ?? '';
      if (!body) return;
      const kind = document.querySelector<HTMLInputElement>('input[name="comment-kind"]:checked')?.value;
      if (await updateTicket({ ticket: { comment: { body, public: kind !== 'internal' } } }) && textarea) textarea.value = '';
    });
  }

  // --- notice changes made elsewhere (the worker, another agent, the API) ------------------
  const poll = async () => {
    if (busy) return;
    try {
      const next = await fetchJson<HostState>(stateUrl);
      if (!busy) applyState(next, true);
    } catch {
      // The simulator may be restarting; try again next time.
    }
  };
  setInterval(() => void poll(), Math.max(250, config.pollMs));
}

wireSwitches();
const config = readConfig();
if (config) void startHost(config);
