/**
 * The fault run's alert check: the worker routes every L1 escalation to the chat sink's Feishu
 * bot (signed), and each ticket that took L1 must show exactly one accepted L1 message there,
 * whatever the run did to the worker (kills, retries, duplicate events). The problems count in
 * the run's own figures: "duplicated ..." as duplicated steps, any problem as lost.
 */
import { SANDBOX_DESTINATION_NAMES, sinkDestinations } from '../chat/robots.ts';
import type { RunningChatSink } from '../chat/server.ts';
import type { Step } from '../../shared/sla.ts';

/** The app setting that routes L1 to the sink's Feishu bot (100 a minute: quick enough for a burst). */
export const FAULT_ALERT_ROUTES = `l1 -> ${SANDBOX_DESTINATION_NAMES.feishu}`;

export function alertWorkerVars(sink: RunningChatSink): Record<string, string> {
  return { ALERT_DESTINATIONS: JSON.stringify(sinkDestinations(sink.url)), ALERT_ALLOW_LOOPBACK: 'true' };
}

export function alertProblems(sink: RunningChatSink | null, ticketId: number, expectedSteps: readonly Step[]): string[] {
  if (!sink) return [];
  const title = `Ticket #${ticketId} escalated to L1`;
  const count = sink.messages().filter((m) => m.accepted && m.platform === 'feishu' && m.text.includes(title)).length;
  const expected = expectedSteps.includes('l1') ? 1 : 0;
  if (count > expected) return [`duplicated l1 alert: ${count} in chat`];
  if (count < expected) return ['l1 alert: missing in chat'];
  return [];
}
