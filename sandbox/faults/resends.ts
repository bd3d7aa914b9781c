/**
 * The retry policy, checked from the simulator's request log: the worker sends a change (one
 * ticket, one body, one `updated_stamp`) again only after an answer that may pass (none, 409,
 * 429, 5xx). A change that landed (200) or that Zendesk refused for good (any other 4xx) is
 * never sent again: a refused change is sent once.
 */
import type { RequestLogEntry } from '../zendesk/types.ts';

export const isTransient = (status: number): boolean => status === 0 || status === 409 || status === 429 || status >= 500;

/** The worker's PUTs to one ticket, in order. */
export function workerPuts(requestLog: readonly RequestLogEntry[], ticketId: number, workerId: number): RequestLogEntry[] {
  return requestLog.filter((r) => r.method === 'PUT' && r.path === `/api/v2/tickets/${ticketId}.json` && r.actor_id === workerId);
}

/** One problem per change the worker sent again after a final answer. */
export function resentAfterFinalAnswer(puts: readonly RequestLogEntry[]): string[] {
  const byChange = new Map<string, RequestLogEntry[]>();
  for (const put of puts) {
    const key = JSON.stringify(put.body);
    byChange.set(key, [...(byChange.get(key) ?? []), put]);
  }
  const problems: string[] = [];
  for (const sends of byChange.values()) {
    const final = sends.slice(0, -1).find((r) => !isTransient(r.status));
    if (final) problems.push(`change resent after a final ${final.status}: ${sends.length} PUTs (${sends.map((r) => r.status).join(', ')})`);
  }
  return problems;
}
