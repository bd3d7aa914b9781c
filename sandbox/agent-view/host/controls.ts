/// <reference lib="dom" />
/** The agent's controls on the page: language and theme switches, and the ticket's own controls. */
import { byId, setCookie } from './dom.ts';
import type { HostSession } from './session.ts';
import { updateTicket } from './ticket-updates.ts';

const LOCALE_COOKIE = 'tw_agent_locale';
const COLOR_SCHEME_COOKIE = 'tw_color_scheme';

const colorSchemeListeners: Array<(scheme: string) => void> = [];

/** Called with 'light' or 'dark' when the agent switches the theme. */
export function onColorSchemeChange(listener: (scheme: string) => void): void {
  colorSchemeListeners.push(listener);
}

export function wireSwitches(): void {
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
    for (const listener of colorSchemeListeners) listener(scheme);
  });
}

/** Priority, status, group, take it, tags, reply / internal note: each saved as the agent. */
export function wireTicketControls(session: HostSession): void {
  if (!session.isTicket) return;
  const onChange = (id: string, build: (value: string) => Record<string, unknown>) =>
    byId<HTMLSelectElement>(id)?.addEventListener('change', (event) => {
      void updateTicket(session, { ticket: build((event.target as HTMLSelectElement).value) });
    });
  onChange('priority-select', (value) => ({ priority: value === '' ? null : value }));
  onChange('status-select', (value) => ({ status: value }));
  onChange('group-select', (value) => ({ group_id: value === '' ? null : Number(value) }));
  byId('take-it')?.addEventListener('click', () => void updateTicket(session, { takeIt: true }));
  byId('tags-save')?.addEventListener('click', () => {
    const input = byId<HTMLInputElement>('tags-input');
    const tags = (input?.value ?? '').split(/[\s,]+/).map((t) => t.trim()).filter(Boolean);
    void updateTicket(session, { ticket: { tags: [...new Set(tags)] } });
  });
  byId('comment-submit')?.addEventListener('click', async () => {
    const textarea = byId<HTMLTextAreaElement>('comment-body');
    const body = textarea?.value.trim() ?? '';
    if (!body) return;
    const kind = document.querySelector<HTMLInputElement>('input[name="comment-kind"]:checked')?.value;
    if (await updateTicket(session, { ticket: { comment: { body, public: kind !== 'internal' } } }) && textarea) textarea.value = '';
  });
}
