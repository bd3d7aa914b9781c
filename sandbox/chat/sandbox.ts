/**
 * The chat part of `npm start`: the chat sink, the worker variables that point every alert
 * destination at it (loopback URLs, hence ALERT_ALLOW_LOOPBACK=true, which only the sandbox
 * sets), ticket links that open the local agent view, and the app setting that routes every
 * alert kind to all five platforms so the demo's escalations appear in each format.
 */
import { ALERT_KINDS } from '../../shared/alerts/kinds.ts';
import { SANDBOX_DESTINATION_NAMES, sinkDestinations } from './robots.ts';
import { startChatSink, type RunningChatSink } from './server.ts';

export interface SandboxChat {
  sink: RunningChatSink;
  workerVars: Record<string, string>;
  appSettings: Record<string, string>;
}

export const SANDBOX_ALERT_ROUTES = `${ALERT_KINDS.join(' ')} -> ${Object.values(SANDBOX_DESTINATION_NAMES).join(', ')}`;

export async function startSandboxChat(port: number, agentViewUrl: string): Promise<SandboxChat> {
  const sink = await startChatSink({ port });
  return {
    sink,
    workerVars: { ALERT_DESTINATIONS: JSON.stringify(sinkDestinations(sink.url)), ALERT_ALLOW_LOOPBACK: 'true', ALERT_TICKET_LINK_BASE: agentViewUrl },
    appSettings: { alert_routes: SANDBOX_ALERT_ROUTES },
  };
}
