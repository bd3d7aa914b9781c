/**
 * The CPU the worker's own code spends on a created event, measured in Node's V8 (the engine
 * workerd runs), as its run does it: check the webhook's signature and parse it; start the run
 * and decide on the event's ticket; parse the settled read's answer and decide again; the service
 * facts and the record to store, serialised. The workerd process figure (/proc) holds this and
 * everything the local runtime does around it: a SQLite file per ticket object, local D1, HTTP,
 * the Durable Object plumbing (Hono's routing and the storage and RPC calls' own JavaScript are
 * the runtime's side of this line).
 * workerd's inspector answers no CPU profile through wrangler, so this is how the worker's share
 * is told apart from the runtime's.
 */
import { decideTicket } from '../../shared/decision/decide.ts';
import { NO_GROUPS } from '../../shared/decision/groups.ts';
import { sawFreshTicket, startRun } from '../../shared/decision/inputs.ts';
import { EMPTY_RECORD } from '../../shared/decision/record.ts';
import { snapshotOf, type TicketSnapshot } from '../../shared/decision/ticket.ts';
import { customerFactsOf, serviceFactsOf } from '../../shared/service-facts.ts';
import type { Settings } from '../../shared/settings.ts';
import type { CustomerData } from '../../shared/tier.ts';
import { checkSignature, signWebhook } from '../../worker/src/webhook/signature.ts';
import { parseTicketEvent } from '../../worker/src/webhook/ticket-event.ts';

export interface EventCpu {
  events: number;
  /** CPU (user + system) per event, median of the rounds (ms). */
  msPerEvent: number;
  rounds: number[];
}

const encoder = new TextEncoder();

/** A ticket as Zendesk's read answers it, for a snapshot an event carried. */
function readAnswer(ticket: TicketSnapshot): string {
  return JSON.stringify({
    id: ticket.id, status: ticket.status, priority: ticket.priority, tags: ticket.tags, requester_id: ticket.requesterId,
    organization_id: ticket.organizationId, group_id: ticket.groupId, assignee_id: ticket.assigneeId,
    created_at: new Date(ticket.createdAt).toISOString(), updated_at: ticket.updatedAt, custom_fields: ticket.customFields,
  });
}

/** `bodies` are signed webhook payloads of created tickets, each decided as a first event. */
export async function eventCpu(bodies: readonly string[], secret: string, settings: Settings, customer: CustomerData, rounds = 5): Promise<EventCpu> {
  const timestamp = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const signed = await Promise.all(bodies.map(async (body) => ({ body, signature: await signWebhook(secret, timestamp, body) })));
  const once = async (): Promise<void> => {
    for (const { body, signature } of signed) {
      const now = Date.now();
      const problem = await checkSignature({ signature, timestamp, body: encoder.encode(body), secret, now, maxAgeMs: 300_000 });
      if (problem) throw new Error(`bench event refused: ${problem}`);
      const parsed = parseTicketEvent(JSON.parse(body), 'bench', signature);
      if (!parsed.ok || !('event' in parsed)) throw new Error('bench event not understood');
      const start = startRun(EMPTY_RECORD, [parsed.event], settings, now);
      if (!start.snapshot) throw new Error('bench event carried no ticket');
      const first = decideTicket({ ticket: start.snapshot, customer, settings, record: start.record, checkSteps: start.checkSteps, groups: NO_GROUPS, now });
      // The settled read's answer: the same ticket, as Zendesk's JSON.
      const read = snapshotOf(JSON.parse(readAnswer(start.snapshot)));
      const record = sawFreshTicket(start.record, read, 0, now);
      const decision = decideTicket({ ticket: read, customer, settings, record, checkSteps: start.checkSteps, groups: NO_GROUPS, now });
      const facts = serviceFactsOf({ facts: decision.facts, ticket: read, metrics: null, metricsReadAt: null, settings, now });
      JSON.stringify({ change: first.change ?? decision.change, record: decision.record, audit: decision.audit, facts, customer: customerFactsOf(facts, customer, settings) });
    }
  };
  await once(); // warm up: the JIT, as a long-lived isolate has it
  const perRound: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const before = process.cpuUsage();
    await once();
    const used = process.cpuUsage(before);
    perRound.push((used.user + used.system) / 1000 / signed.length);
  }
  const sorted = [...perRound].sort((a, b) => a - b);
  return { events: signed.length, msPerEvent: sorted[Math.floor(sorted.length / 2)]!, rounds: perRound };
}
