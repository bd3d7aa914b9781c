/** Running one data file: its request (and later steps) against the worker, then every check. */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { checkHealth, checkNoStrayWrites, checkStatusAndError, checkWebhookAnswer } from './checks.ts';
import type { ApiCase, RequestSpec, WebhookCase } from './schema.ts';
import { describeAnswer, send } from './send.ts';
import { buildWebhook, type Built, type Vars } from './signing.ts';
import { API_TOKEN, createTicket, isWrite, lastSeq, settleTicket, sleep, ticketOfPath, workerRequests, type CorpusWorld } from './world.ts';
import { ticketKey } from '../../../worker/src/api/ticket-key.ts';

const log = (line: string): void => {
  if (process.env.CORPUS_LOG) console.log(line);
};

export async function runWebhookCase(world: CorpusWorld, file: string, c: WebhookCase, options: { round: number; long: boolean }): Promise<void> {
  const label = `${file}${options.long ? ` (round ${options.round + 1})` : ''}`;
  const ticket = c.ticket === 'fresh' ? await createTicket(world, `corpus ${c.name}`) : null;
  if (ticket) world.writable.add(ticket.id);
  const vars: Vars = { ticket, canary: world.canary, eventId: `corpus-${randomUUID()}` };
  const steps = [{ request: c.request as RequestSpec | 'replay', expect: c.expect }, ...(c.then ?? [])];
  let previous: Built | null = null;
  let pendingSince: number | null = null;
  for (const [index, step] of steps.entries()) {
    const stepLabel = steps.length > 1 ? `${label} step ${index + 1}` : label;
    if (ticket && pendingSince !== null) {
      // Let the worker finish what an earlier step started, so this step's effect stands alone.
      await settleTicket(world, ticket.id, pendingSince);
      pendingSince = null;
    }
    const since = await lastSeq(world);
    if (step.request === 'replay' && previous === null) throw new Error(`${stepLabel}: "replay" needs an earlier step`);
    const built: Built = step.request === 'replay' ? previous! : buildWebhook(step.request, vars);
    previous = built;
    const answer = await send(world.workerPort, built);
    log(`${stepLabel} -> ${describeAnswer(answer)}`);
    checkWebhookAnswer(stepLabel, answer, step.expect);
    const body = answer.status < 300 ? (JSON.parse(answer.text) as { status: string; reread?: string }) : null;
    if (body?.status === 'accepted' || body?.reread === 'accepted') pendingSince = since;
    if (ticket && step.expect.reread) {
      // Not understood, but the ticket it names is read again: the worker gives it its tier.
      await settleTicket(world, ticket.id, since);
      pendingSince = null;
    }
    await checkHealth(world, stepLabel);
    if (ticket && step.expect.writes === 'none') {
      // The ticket exists, so a write would come: give the worker time to make it.
      await sleep(options.long ? 300 : 800);
      const writes = (await workerRequests(world, since)).filter((r) => isWrite(r) && ticketOfPath(r.path) === ticket.id);
      expect(writes.map((r) => `${r.method} ${r.path}`), `${stepLabel}: no write to ticket ${ticket.id}`).toEqual([]);
    }
    await checkNoStrayWrites(world, stepLabel);
  }
}

export async function runApiCase(world: CorpusWorld, file: string, c: ApiCase): Promise<void> {
  // The canary's key, as the worker makes it (worker/src/api/ticket-key.ts): what Zendesk would show an agent who may see it.
  const key = (await ticketKey({ TIERWISE_API_TOKEN: API_TOKEN, ZENDESK_BASE_URL: world.simulator.url }, world.canary.id)) ?? '';
  const headers: Array<[string, string]> = Object.entries(c.request.headers).map(([k, v]) => [k, v.replaceAll('{{apiToken}}', API_TOKEN).replaceAll('{{ticketKey}}', key)]);
  const answer = await send(world.workerPort, { method: c.request.method, path: c.request.path.replaceAll('{{canaryId}}', String(world.canary.id)), headers, body: Buffer.alloc(0), chunked: false });
  log(`${file} -> ${describeAnswer(answer)} acao=${String(answer.headers['access-control-allow-origin'] ?? '-')}`);
  checkStatusAndError(file, answer, c.expect);
  if (c.expect.audit) expect(JSON.parse(answer.text), `${file}: audit body`).toEqual({ ticketId: expect.any(Number), audit: expect.any(Array) });
  for (const [name, value] of Object.entries(c.expect.headers ?? {})) {
    const got = answer.headers[name.toLowerCase()];
    if (value === null) expect(got, `${file}: no ${name} header`).toBeUndefined();
    else expect(String(got ?? ''), `${file}: ${name} header`).toBe(value);
  }
  await checkHealth(world, file);
  await checkNoStrayWrites(world, file);
}
