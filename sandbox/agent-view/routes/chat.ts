/**
 * `/chat`: what the local chat sink received (sandbox/chat/), read over HTTP from its
 * `/__admin/messages`, newest first: the escalation alerts as each platform's group would show
 * them, and the requests a platform refused with its answer. `/agent/tickets/:id` is where an
 * alert's link points (Zendesk's agent URL); here it opens the local ticket view.
 */
import { Hono } from 'hono';
import { escapeHtml } from '../pages.ts';
import { parseId } from '../context.ts';

interface SinkMessage {
  seq: number;
  platform: string;
  at: string;
  accepted: boolean;
  status: number | null;
  error: string | null;
  text: string;
}

/** How the page names each platform. */
export const PLATFORM_NAMES: Record<string, string> = { wecom: 'WeCom 企业微信', dingtalk: 'DingTalk 钉钉', feishu: 'Feishu / Lark 飞书', slack: 'Slack', teams: 'Microsoft Teams' };

function page(messages: readonly SinkMessage[], problem: string | null): string {
  const rows = [...messages].reverse().map((m) => `
    <article class="${m.accepted ? 'ok' : 'refused'}">
      <div class="meta">#${m.seq} · ${escapeHtml(PLATFORM_NAMES[m.platform] ?? m.platform)} · ${escapeHtml(m.at)} · ${m.accepted ? 'shown in the group' : `refused (${m.status ?? '-'}): ${escapeHtml(m.error ?? '')}`}</div>
      ${m.accepted ? `<pre>${escapeHtml(m.text)}</pre>` : ''}
    </article>`);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="3">
<title>Chat alerts - Tierwise sandbox</title>
<style>
body { margin:0; padding:16px; font:14px/1.45 system-ui, "PingFang SC", "Microsoft YaHei", sans-serif; background:#f8f9f9; color:#2f3941; }
article { background:#fff; border:1px solid #d8dcde; border-radius:6px; padding:8px 12px; margin:0 0 8px; }
article.refused { background:#fff4f4; }
.meta { color:#68737d; font-size:12px; }
pre { white-space:pre-wrap; margin:6px 0 0; font:inherit; }
</style></head><body>
<h1>Chat alerts</h1>
<p><a href="/">Tickets</a> · what the local chat sink received (WeCom, DingTalk, Feishu/Lark, Slack, Teams), newest first; refreshes every 3 s.</p>
${problem ? `<p class="refused">${escapeHtml(problem)}</p>` : ''}
${rows.length > 0 ? rows.join('') : '<p>No alerts yet. The demo ticket escalates within two minutes of <code>npm start</code>.</p>'}
</body></html>`;
}

export function chatRoutes(chatUrl: string | undefined): Hono {
  const app = new Hono();
  app.get('/chat', async (c) => {
    if (!chatUrl) return c.html(page([], 'No chat sink is configured for this agent view.'), 404);
    try {
      const response = await fetch(`${chatUrl}/__admin/messages`);
      if (!response.ok) throw new Error(`the chat sink answered ${response.status}`);
      const { messages } = (await response.json()) as { messages: SinkMessage[] };
      return c.html(page(messages, null));
    } catch (error) {
      return c.html(page([], `Could not read the chat sink: ${error instanceof Error ? error.message : String(error)}`), 502);
    }
  });
  app.get('/agent/tickets/:id', (c) => {
    const id = parseId(c.req.param('id'));
    return id === null ? c.text('no such ticket', 404) : c.redirect(`/tickets/${id}`);
  });
  return app;
}
