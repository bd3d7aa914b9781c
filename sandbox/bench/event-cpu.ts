/**
 * The CPU the worker's own code spends on a created event, measured in Node's V8 (the engine
 * workerd runs): check the webhook's signature, parse the payload, start the run and decide the
 * ticket's change. The workerd process figure (/proc) holds this and everything the local runtime
 * does around it: a SQLite file per ticket object, local D1, HTTP, the Durable Object plumbing.
 * workerd's inspector answers no CPU profile through wrangler, so this is how the worker's share
 * is told apart from the runtime's.
 */
import { decideTicket } from '../../shared/decision/decide.ts';
import { NO_GROUPS } from '../../shared/decision/groups.ts';
import { startRun } from '../../shared/decision/inputs.ts';
import { EMPTY_RECORD } from '../../shared/decision/record.ts';
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
      const decision = decideTicket({ ticket: start.snapshot, customer, settings, record: start.record, checkSteps: start.checkSteps, groups: NO_GROUPS, now });
      JSON.stringify(decision.change);
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
