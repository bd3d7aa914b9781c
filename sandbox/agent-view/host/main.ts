/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The host page script: wires the agent's controls (priority, status, group, take it, tags,
 * reply / note, language, theme) and plays Zendesk for the app iframe through `ZafHost`.
 * Served to the browser as ES modules by the agent view server (see routes/files.ts).
 *
 * The steps, in order: load the page's data (session.ts), start the ZAF host with its handlers
 * (zaf-handlers.ts) and hand it the messages the app sent early, wire the agent's controls
 * (controls.ts), and poll for changes made elsewhere (ticket-updates.ts).
 */
import { onColorSchemeChange, wireSwitches, wireTicketControls } from './controls.ts';
import { byId } from './dom.ts';
import { HostSession, loadInitialState, type HostConfig } from './session.ts';
import { pollForChanges } from './ticket-updates.ts';
import { zafHandlers } from './zaf-handlers.ts';
import { ZafHost } from './zaf-host.ts';

declare global {
  interface Window {
    __zafEarly?: MessageEvent[];
    __zafEarlyListener?: (event: MessageEvent) => void;
    __agentView?: Record<string, unknown>;
  }
}

function readConfig(): HostConfig | null {
  const element = byId<HTMLScriptElement>('host-config');
  if (!element?.textContent) return null;
  return JSON.parse(element.textContent) as HostConfig;
}

/** Start the ZAF host: answer the app, follow the theme, take over the messages the page caught before. */
function attachHost(session: HostSession): void {
  const host = new ZafHost(session.iframe, session.config.appGuid, zafHandlers(session));
  session.host = host;
  onColorSchemeChange((scheme) => {
    session.state.root['colorScheme'] = scheme;
    host.fire('colorScheme', scheme);
    host.fire('colorScheme.changed', scheme);
  });
  const early = window.__zafEarly ?? [];
  if (window.__zafEarlyListener) window.removeEventListener('message', window.__zafEarlyListener);
  window.__zafEarly = [];
  host.attach(early);
  window.__agentView = { host, state: () => session.state, messages: host.messages };
}

async function startHost(config: HostConfig): Promise<void> {
  const iframe = byId<HTMLIFrameElement>('app-iframe');
  if (!iframe) return;
  const session = new HostSession(config, iframe, await loadInitialState(config));
  attachHost(session);
  wireTicketControls(session);
  pollForChanges(session);
}

wireSwitches();
const config = readConfig();
if (config) void startHost(config);
