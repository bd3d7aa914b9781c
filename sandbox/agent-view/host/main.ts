/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The host page script: wires the agent's controls (priority, status, group, take it, tags,
 * reply / note, language, theme) and plays Zendesk for the app iframe through `ZafHost`.
 * Served to the browser as ES modules by the agent view server (see routes/files.ts).
 *
 * The steps, in order: load each app's data (session.ts; a page has one app iframe, the
 * dashboard page two: nav bar and top bar), start a ZAF host per iframe with its handlers
 * (zaf-handlers.ts) and hand each the messages the apps sent early, wire the agent's controls
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

/** One host configuration per app iframe on the page (the dashboard page has two). */
function readConfigs(): HostConfig[] {
  return [...document.querySelectorAll<HTMLScriptElement>('script.host-config')].flatMap((element) => (element.textContent ? [JSON.parse(element.textContent) as HostConfig] : []));
}

/** Start the ZAF host: answer the app, follow the theme, take over the messages the page caught before. */
function attachHost(session: HostSession, early: readonly MessageEvent[]): ZafHost {
  const host = new ZafHost(session.iframe, session.config.appGuid, zafHandlers(session));
  session.host = host;
  onColorSchemeChange((scheme) => {
    session.state.root['colorScheme'] = scheme;
    host.fire('colorScheme', scheme);
    host.fire('colorScheme.changed', scheme);
  });
  // Each host keeps only its own iframe's messages, so every host sees the whole early queue.
  host.attach(early);
  return host;
}

async function startHosts(configs: readonly HostConfig[]): Promise<void> {
  const sessions = (
    await Promise.all(
      configs.map(async (config) => {
        const iframe = byId<HTMLIFrameElement>(config.iframeId ?? 'app-iframe');
        return iframe ? new HostSession(config, iframe, await loadInitialState(config)) : null;
      }),
    )
  ).filter((session): session is HostSession => session !== null);
  const early = window.__zafEarly ?? [];
  if (window.__zafEarlyListener) window.removeEventListener('message', window.__zafEarlyListener);
  window.__zafEarly = [];
  const hosts = sessions.map((session) => attachHost(session, early));
  const first = sessions[0];
  if (first && hosts[0]) window.__agentView = { host: hosts[0], state: () => first.state, messages: hosts[0].messages, hosts };
  for (const session of sessions) {
    wireTicketControls(session);
    if (session.showsRecord) pollForChanges(session);
  }
}

wireSwitches();
const configs = readConfigs();
if (configs.length > 0) void startHosts(configs);
