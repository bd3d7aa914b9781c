/**
 * Server-rendered HTML of the local agent workspace: the ticket list, a ticket with the controls
 * an agent uses, and user / organization pages. Each page with an app hosts the real sidebar
 * bundle in an iframe; `host/main.ts` speaks the ZAF protocol with it.
 */
import type { ApiTicket } from './zaf-model.ts';
import type { OrganizationView, TicketView, UserView } from './workspace.ts';

export type AgentLocale = 'en' | 'zh-CN';
export type ColorScheme = 'light' | 'dark';
export type AppLocation = 'ticket_sidebar' | 'user_sidebar' | 'organization_sidebar' | 'nav_bar' | 'top_bar';
/** Locations that belong to no record: the nav bar's full page and the top bar's pane. */
export const WORKSPACE_LOCATIONS = ['nav_bar', 'top_bar'] as const;

export interface PageChrome {
  locale: AgentLocale;
  colorScheme: ColorScheme;
  agentName: string;
}

export interface HostConfig {
  location: AppLocation;
  /** The ticket, user or organization id; 0 for the nav bar and top bar. */
  recordId: number;
  appGuid: string;
  pollMs: number;
  /** The iframe this host talks to (default `app-iframe`). */
  iframeId?: string;
}

const EN = {
    tickets: 'Tickets', subject: 'Subject', requester: 'Requester', organization: 'Organization', status: 'Status',
    priority: 'Priority', group: 'Group', assignee: 'Assignee', tags: 'Tags', comments: 'Conversation', updated: 'Updated',
    takeIt: 'Take it', saveTags: 'Save tags', reply: 'Public reply', note: 'Internal note', submit: 'Submit',
    language: 'Language', theme: 'Theme', none: '-', unassigned: 'Unassigned', internal: 'internal note', apps: 'Apps',
    user: 'User', email: 'Email', role: 'Role', noTickets: 'No tickets.', fields: 'Fields', dashboard: 'Service dashboard', topBar: 'Top bar',
};
type Labels = Record<keyof typeof EN, string>;
const LABELS: Record<AgentLocale, Labels> = {
  en: EN,
  'zh-CN': {
    tickets: '工单', subject: '主题', requester: '请求者', organization: '组织', status: '状态',
    priority: '优先级', group: '组', assignee: '受理人', tags: '标签', comments: '对话', updated: '更新时间',
    takeIt: '由我受理', saveTags: '保存标签', reply: '公开回复', note: '内部备注', submit: '提交',
    language: '语言', theme: '主题', none: '-', unassigned: '未分配', internal: '内部备注', apps: '应用',
    user: '用户', email: '邮箱', role: '角色', noTickets: '没有工单。', fields: '字段', dashboard: '服务看板', topBar: '顶部栏',
  },
};

export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** JSON inside a <script> element: `<` escaped so no value can close the element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

const STYLE = `
:root { color-scheme: light; --bg:#f8f9f9; --panel:#fff; --text:#2f3941; --muted:#68737d; --border:#d8dcde; --accent:#1f73b7; }
body.dark { color-scheme: dark; --bg:#10171d; --panel:#1a232b; --text:#e9ebed; --muted:#a3aab0; --border:#37424b; --accent:#5ea9e6; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.45 system-ui, -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", sans-serif; background:var(--bg); color:var(--text); }
a { color:var(--accent); }
header.top { display:flex; gap:16px; align-items:center; padding:8px 16px; background:var(--panel); border-bottom:1px solid var(--border); }
header.top .brand { font-weight:600; }
header.top .spacer { flex:1; }
main { padding:16px; }
.workspace { display:grid; grid-template-columns: minmax(0,1fr) 340px; gap:16px; align-items:start; }
.panel { background:var(--panel); border:1px solid var(--border); border-radius:6px; padding:12px 16px; }
table { border-collapse:collapse; width:100%; background:var(--panel); }
th, td { text-align:left; padding:6px 10px; border-bottom:1px solid var(--border); }
dl.props { display:grid; grid-template-columns: 120px 1fr; gap:4px 12px; margin:0; }
dl.props dt { color:var(--muted); }
.tag { display:inline-block; padding:0 6px; margin:0 4px 2px 0; border-radius:4px; background:var(--border); font-size:12px; }
.comment { border-top:1px solid var(--border); padding:8px 0; }
.comment.internal { background: rgba(255, 204, 0, 0.12); }
.comment .meta { color:var(--muted); font-size:12px; }
.controls { display:flex; flex-wrap:wrap; gap:8px 16px; align-items:center; margin:12px 0; }
.controls label { display:flex; gap:6px; align-items:center; }
textarea { width:100%; min-height:70px; background:var(--panel); color:var(--text); border:1px solid var(--border); border-radius:4px; }
select, input, button { font:inherit; background:var(--panel); color:var(--text); border:1px solid var(--border); border-radius:4px; padding:3px 6px; }
button { cursor:pointer; }
aside.apps { position:sticky; top:16px; }
aside.apps h2 { font-size:13px; margin:0 0 6px; color:var(--muted); text-transform:uppercase; letter-spacing:.04em; }
aside.apps iframe { width:100%; height:420px; border:1px solid var(--border); border-radius:6px; background:transparent; display:block; }
.dashboard-bar { display:flex; justify-content:flex-end; margin-bottom:12px; }
.dashboard-bar .top-bar { width:360px; }
.dashboard-bar h2, .nav-bar h2 { font-size:13px; margin:0 0 6px; color:var(--muted); text-transform:uppercase; letter-spacing:.04em; }
.dashboard-bar iframe { width:360px; height:200px; border:1px solid var(--border); border-radius:6px; background:transparent; display:block; }
.nav-bar iframe { width:100%; min-height:600px; border:1px solid var(--border); border-radius:6px; background:transparent; display:block; }
#host-notices { position:fixed; right:16px; bottom:16px; display:flex; flex-direction:column; gap:6px; }
#host-notices .notice { background:var(--panel); border:1px solid var(--border); border-left:4px solid var(--accent); padding:6px 10px; border-radius:4px; }
#host-notices .notice.error { border-left-color:#cc3340; }
`;

/** Buffers messages the app posts before the host module has loaded (its handshake can win the race). */
const EARLY_MESSAGE_QUEUE = `window.__zafEarly=[];window.__zafEarlyListener=function(e){window.__zafEarly.push(e)};window.addEventListener('message',window.__zafEarlyListener);`;

function layout(title: string, chrome: PageChrome, body: string, host?: HostConfig | HostConfig[]): string {
  const t = LABELS[chrome.locale];
  const hosts = host === undefined ? [] : Array.isArray(host) ? host : [host];
  const option = (value: string, label: string, current: string) =>
    `<option value="${escapeHtml(value)}"${value === current ? ' selected' : ''}>${escapeHtml(label)}</option>`;
  return `<!doctype html>
<html lang="${chrome.locale}">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)} · Tierwise agent view</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>${STYLE}</style>
${hosts.length > 0 ? `<script>${EARLY_MESSAGE_QUEUE}</script>` : ''}
</head>
<body class="${chrome.colorScheme}" data-color-scheme="${chrome.colorScheme}" data-locale="${chrome.locale}">
<header class="top">
  <span class="brand">Tierwise · agent view</span>
  <a href="/">${escapeHtml(t.tickets)}</a>
  <a href="/dashboard" data-testid="dashboard-link">${escapeHtml(t.dashboard)}</a>
  <span class="spacer"></span>
  <span>${escapeHtml(chrome.agentName)}</span>
  <label>${escapeHtml(t.language)} <select id="locale-switch" data-testid="locale-switch">${option('en', 'English', chrome.locale)}${option('zh-CN', '简体中文', chrome.locale)}</select></label>
  <label>${escapeHtml(t.theme)} <select id="color-scheme-switch" data-testid="color-scheme-switch">${option('light', 'Light', chrome.colorScheme)}${option('dark', 'Dark', chrome.colorScheme)}</select></label>
</header>
<main>
${body}
</main>
<div id="host-notices" aria-live="polite"></div>
${hosts.map((h) => `<script type="application/json" class="host-config">${scriptJson(h)}</script>`).join('\n')}
<script type="module" src="/host/main.ts"></script>
</body>
</html>`;
}

function ticketRow(ticket: ApiTicket, requesterName: string, t: Labels): string {
  return `<tr data-testid="ticket-row" data-ticket-id="${ticket.id}">
<td>#${ticket.id}</td>
<td><a href="/tickets/${ticket.id}" data-testid="ticket-link">${escapeHtml(ticket.subject ?? '')}</a></td>
<td>${escapeHtml(requesterName)}</td>
<td>${escapeHtml(ticket.priority ?? t.none)}</td>
<td>${escapeHtml(ticket.status ?? '')}</td>
<td>${escapeHtml(ticket.updated_at ?? '')}</td>
</tr>`;
}

export function ticketListPage(chrome: PageChrome, tickets: readonly ApiTicket[], requesterNames: ReadonlyMap<number, string>): string {
  const t = LABELS[chrome.locale];
  const rows = [...tickets].sort((a, b) => b.id - a.id).map((ticket) => ticketRow(ticket, requesterNames.get(ticket.requester_id) ?? `#${ticket.requester_id}`, t)).join('\n');
  return layout(t.tickets, chrome, `<h1>${escapeHtml(t.tickets)}</h1>
<table data-testid="ticket-list">
<thead><tr><th>ID</th><th>${escapeHtml(t.subject)}</th><th>${escapeHtml(t.requester)}</th><th>${escapeHtml(t.priority)}</th><th>${escapeHtml(t.status)}</th><th>${escapeHtml(t.updated)}</th></tr></thead>
<tbody>${rows || `<tr><td colspan="6">${escapeHtml(t.noTickets)}</td></tr>`}</tbody>
</table>`);
}

function tags(list: readonly string[] | undefined): string {
  return (list ?? []).map((tag) => `<span class="tag">${escapeHtml(tag)}</span>`).join('');
}

function fields(values: Record<string, unknown> | undefined): string {
  const entries = Object.entries(values ?? {});
  return entries.map(([key, value]) => `<dt>${escapeHtml(key)}</dt><dd>${escapeHtml(typeof value === 'object' ? JSON.stringify(value) : value)}</dd>`).join('');
}

/** The ticket's properties and conversation; re-fetched by the host page when the ticket changes. */
export function ticketDetails(view: TicketView, locale: AgentLocale): string {
  const t = LABELS[locale];
  const { ticket } = view;
  const comments = view.comments.map(({ comment, author }) => `<div class="comment${comment.public === false ? ' internal' : ''}" data-testid="comment">
<div class="meta">${escapeHtml(author?.name ?? `#${comment.author_id}`)} · ${escapeHtml(comment.created_at ?? '')}${comment.public === false ? ` · ${escapeHtml(t.internal)}` : ''}</div>
<div class="body">${escapeHtml(comment.plain_body ?? comment.body ?? '')}</div>
</div>`).join('\n');
  return `<div class="panel" data-testid="ticket-details" data-updated-at="${escapeHtml(ticket.updated_at ?? '')}">
<h1 data-testid="ticket-subject">#${ticket.id} ${escapeHtml(ticket.subject ?? '')}</h1>
<dl class="props">
<dt>${escapeHtml(t.requester)}</dt><dd data-testid="ticket-requester">${view.requester ? `<a href="/users/${view.requester.id}">${escapeHtml(view.requester.name)}</a> &lt;${escapeHtml(view.requester.email ?? '')}&gt;` : escapeHtml(t.none)}</dd>
<dt>${escapeHtml(t.organization)}</dt><dd data-testid="ticket-organization">${view.organization ? `<a href="/organizations/${view.organization.id}">${escapeHtml(view.organization.name)}</a>` : escapeHtml(t.none)}</dd>
<dt>${escapeHtml(t.status)}</dt><dd data-testid="ticket-status">${escapeHtml(ticket.status ?? '')}</dd>
<dt>${escapeHtml(t.priority)}</dt><dd data-testid="ticket-priority">${escapeHtml(ticket.priority ?? t.none)}</dd>
<dt>${escapeHtml(t.group)}</dt><dd data-testid="ticket-group">${escapeHtml(view.group?.name ?? t.none)}</dd>
<dt>${escapeHtml(t.assignee)}</dt><dd data-testid="ticket-assignee">${escapeHtml(view.assignee?.name ?? t.unassigned)}</dd>
<dt>${escapeHtml(t.tags)}</dt><dd data-testid="ticket-tags">${tags(ticket.tags)}</dd>
</dl>
<h2>${escapeHtml(t.comments)}</h2>
${comments}
</div>`;
}

function appColumn(chrome: PageChrome, iframeSrc: string, title: string): string {
  return `<aside class="apps">
<h2>${escapeHtml(title)}</h2>
<iframe id="app-iframe" data-testid="app-iframe" name="tierwise" title="Tierwise" src="${escapeHtml(iframeSrc)}"></iframe>
</aside>`;
}

/**
 * The nav bar's full page (the service dashboard) with the top bar's pane above it, each its own
 * app instance over the ZAF protocol, as Zendesk runs one iframe per location.
 */
export function dashboardPage(chrome: PageChrome, navBar: HostConfig, topBar: HostConfig, hostOrigin: string): string {
  const t = LABELS[chrome.locale];
  const body = `<div class="dashboard-bar"><div class="top-bar">
<h2>${escapeHtml(t.topBar)}</h2>
<iframe id="${escapeHtml(topBar.iframeId ?? 'top-bar-iframe')}" data-testid="top-bar-iframe" title="Tierwise (${escapeHtml(t.topBar)})" src="${escapeHtml(iframeSrc(hostOrigin, topBar, chrome.colorScheme))}"></iframe>
</div></div>
<section class="nav-bar">
<h2>${escapeHtml(t.dashboard)}</h2>
<iframe id="${escapeHtml(navBar.iframeId ?? 'app-iframe')}" data-testid="nav-bar-iframe" title="Tierwise (${escapeHtml(t.dashboard)})" src="${escapeHtml(iframeSrc(hostOrigin, navBar, chrome.colorScheme))}"></iframe>
</section>`;
  return layout(t.dashboard, chrome, body, [navBar, topBar]);
}

export function iframeSrc(hostOrigin: string, host: HostConfig, colorScheme: ColorScheme): string {
  const params = new URLSearchParams({ origin: hostOrigin, app_guid: host.appGuid, location: host.location, colorScheme });
  return `/app/iframe.html?${params.toString()}`;
}

export function ticketPage(chrome: PageChrome, view: TicketView, host: HostConfig, hostOrigin: string): string {
  const t = LABELS[chrome.locale];
  const { ticket } = view;
  const select = (id: string, values: readonly string[], current: string | null | undefined) =>
    `<select id="${id}" data-testid="${id}">${values.map((v) => `<option value="${v}"${v === (current ?? '') ? ' selected' : ''}>${v === '' ? t.none : v}</option>`).join('')}</select>`;
  const groupOptions = [`<option value="">${escapeHtml(t.none)}</option>`, ...view.groups.map((g) => `<option value="${g.id}"${g.id === ticket.group_id ? ' selected' : ''}>${escapeHtml(g.name)}</option>`)].join('');
  const body = `<div class="workspace">
<section>
<div id="ticket-details">${ticketDetails(view, chrome.locale)}</div>
<div class="panel">
<div class="controls">
<label>${escapeHtml(t.priority)} ${select('priority-select', ['', 'low', 'normal', 'high', 'urgent'], ticket.priority)}</label>
<label>${escapeHtml(t.status)} ${select('status-select', ['new', 'open', 'pending', 'hold', 'solved', 'closed'], ticket.status)}</label>
<label>${escapeHtml(t.group)} <select id="group-select" data-testid="group-select">${groupOptions}</select></label>
<button type="button" id="take-it" data-testid="take-it">${escapeHtml(t.takeIt)}</button>
</div>
<div class="controls">
<label>${escapeHtml(t.tags)} <input id="tags-input" data-testid="tags-input" size="40" value="${escapeHtml((ticket.tags ?? []).join(' '))}"></label>
<button type="button" id="tags-save" data-testid="tags-save">${escapeHtml(t.saveTags)}</button>
</div>
<textarea id="comment-body" data-testid="comment-body"></textarea>
<div class="controls">
<label><input type="radio" name="comment-kind" value="public" data-testid="comment-public" checked> ${escapeHtml(t.reply)}</label>
<label><input type="radio" name="comment-kind" value="internal" data-testid="comment-internal"> ${escapeHtml(t.note)}</label>
<button type="button" id="comment-submit" data-testid="comment-submit">${escapeHtml(t.submit)}</button>
</div>
</div>
</section>
${appColumn(chrome, iframeSrc(hostOrigin, host, chrome.colorScheme), t.apps)}
</div>`;
  return layout(`#${ticket.id} ${ticket.subject ?? ''}`, chrome, body, host);
}

function ticketTable(tickets: readonly ApiTicket[], t: Labels): string {
  if (tickets.length === 0) return `<p>${escapeHtml(t.noTickets)}</p>`;
  return `<table><tbody>${tickets.map((ticket) => `<tr><td>#${ticket.id}</td><td><a href="/tickets/${ticket.id}">${escapeHtml(ticket.subject ?? '')}</a></td><td>${escapeHtml(ticket.priority ?? t.none)}</td><td>${escapeHtml(ticket.status ?? '')}</td></tr>`).join('')}</tbody></table>`;
}

export function userPage(chrome: PageChrome, view: UserView, host: HostConfig, hostOrigin: string): string {
  const t = LABELS[chrome.locale];
  const { user } = view;
  const body = `<div class="workspace">
<section class="panel" data-testid="user-details">
<h1>${escapeHtml(user.name)}</h1>
<dl class="props">
<dt>${escapeHtml(t.email)}</dt><dd>${escapeHtml(user.email ?? '')}</dd>
<dt>${escapeHtml(t.role)}</dt><dd>${escapeHtml(user.role ?? '')}</dd>
<dt>${escapeHtml(t.organization)}</dt><dd>${view.organization ? `<a href="/organizations/${view.organization.id}">${escapeHtml(view.organization.name)}</a>` : escapeHtml(t.none)}</dd>
<dt>${escapeHtml(t.tags)}</dt><dd>${tags(user.tags)}</dd>
${fields(user.user_fields)}
</dl>
<h2>${escapeHtml(t.tickets)}</h2>
${ticketTable(view.tickets, t)}
</section>
${appColumn(chrome, iframeSrc(hostOrigin, host, chrome.colorScheme), t.apps)}
</div>`;
  return layout(user.name, chrome, body, host);
}

export function organizationPage(chrome: PageChrome, view: OrganizationView, host: HostConfig, hostOrigin: string): string {
  const t = LABELS[chrome.locale];
  const { organization } = view;
  const body = `<div class="workspace">
<section class="panel" data-testid="organization-details">
<h1>${escapeHtml(organization.name)}</h1>
<dl class="props">
<dt>${escapeHtml(t.tags)}</dt><dd>${tags(organization.tags)}</dd>
${fields(organization.organization_fields)}
</dl>
<h2>${escapeHtml(t.tickets)}</h2>
${ticketTable(view.tickets, t)}
</section>
${appColumn(chrome, iframeSrc(hostOrigin, host, chrome.colorScheme), t.apps)}
</div>`;
  return layout(organization.name, chrome, body, host);
}

export function errorPage(chrome: PageChrome, status: number, message: string): string {
  return layout(`Error ${status}`, chrome, `<div class="panel" data-testid="error"><h1>${status}</h1><p>${escapeHtml(message)}</p><p><a href="/">Tickets</a></p></div>`);
}
