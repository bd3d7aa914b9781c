/**
 * Hostile-input corpus, replayed against the real worker (`wrangler dev`) wired to the Zendesk
 * simulator. Every case is a data file (see README.md):
 *   e2e/corpus/webhooks/NNN-name.json  POST /webhooks/zendesk
 *   e2e/corpus/api/NNN-name.json       the sidebar API GET /api/tickets/:id/audit
 * The harness lives in harness/: schema.ts (data files), world.ts (processes), signing.ts,
 * send.ts, checks.ts (what every answer must be), run-case.ts.
 *
 * Long run: CORPUS_REPEAT=20 replays the whole corpus 20 times, shuffled, with a valid event
 * for a pool ticket between cases (CORPUS_SEED picks the shuffle). CORPUS_LOG=1 prints every answer.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkNoStrayWrites, checkWebhookAnswer } from './harness/checks.ts';
import { runApiCase, runWebhookCase } from './harness/run-case.ts';
import { apiCaseSchema, loadCases, webhookCaseSchema } from './harness/schema.ts';
import { send } from './harness/send.ts';
import { buildWebhook } from './harness/signing.ts';
import { createTicket, sleep, startCorpusWorld, ticketOfPath, workerRequests, type CorpusWorld } from './harness/world.ts';

// Loaded at collection time so a broken data file fails loudly, before any process starts.
const webhookCases = loadCases('webhooks', webhookCaseSchema);
const apiCases = loadCases('api', apiCaseSchema);
const REPEAT = Math.max(1, Number(process.env.CORPUS_REPEAT ?? '1') || 1);
const LONG = REPEAT > 1;

let world: CorpusWorld;

beforeAll(async () => {
  world = await startCorpusWorld();
}, 180_000);

afterAll(async () => {
  await world?.stop();
});

/** Deterministic shuffle for the long run. */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1_103_515_245 + 12_345) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('hostile webhook corpus against the running worker', () => {
  it(`loads ${webhookCases.length} webhook cases and ${apiCases.length} API cases`, () => {
    expect(webhookCases.length).toBeGreaterThanOrEqual(60);
    expect(apiCases.length).toBeGreaterThanOrEqual(10);
    expect(new Set(webhookCases.map((c) => c.data.name)).size, 'case names are unique').toBe(webhookCases.length);
  });

  if (!LONG) {
    for (const { file, data } of webhookCases) {
      it(`webhook ${file}: ${data.name}`, () => runWebhookCase(world, file, data, { round: 0, long: false }), 60_000);
    }
    for (const { file, data } of apiCases) {
      it(`api ${file}: ${data.name}`, () => runApiCase(world, file, data), 30_000);
    }
  } else {
    it(`replays the corpus ${REPEAT} times, shuffled, with valid events in between`, async () => {
      const seed = Number(process.env.CORPUS_SEED ?? '') || Date.now();
      console.log(`corpus long run: CORPUS_REPEAT=${REPEAT} CORPUS_SEED=${seed}`);
      const pool = await Promise.all([0, 1, 2, 3].map((i) => createTicket(world, `corpus pool ${i}`)));
      for (const t of pool) world.writable.add(t.id);
      const interleaved = webhookCases.find((c) => c.data.name === 'ticket-id-as-string');
      if (!interleaved) throw new Error('the long run sends the "ticket-id-as-string" case between cases; it is missing');
      for (let round = 0; round < REPEAT; round++) {
        const order = shuffled([...webhookCases.map((c) => ({ kind: 'webhook' as const, ...c })), ...apiCases.map((c) => ({ kind: 'api' as const, ...c }))], seed + round);
        for (const [i, entry] of order.entries()) {
          if (entry.kind === 'webhook') await runWebhookCase(world, entry.file, entry.data, { round, long: true });
          else await runApiCase(world, entry.file, entry.data);
          // A genuine event for a pool ticket between hostile ones: valid traffic keeps flowing.
          const ticket = pool[i % pool.length]!;
          const answer = await send(world.workerPort, buildWebhook(interleaved.data.request, { ticket, canary: world.canary, eventId: `pool-${randomUUID()}` }));
          checkWebhookAnswer(`pool event after ${entry.file}`, answer, { status: 202 });
        }
      }
    }, 3_600_000);
  }

  it('afterwards: the canary ticket was never written and no stray write happened', async () => {
    // Let the worker finish any work the last cases started.
    let last = -1;
    for (let i = 0; i < 50; i++) {
      const seq = (await workerRequests(world, 0)).at(-1)?.seq ?? 0;
      if (seq === last) break;
      last = seq;
      await sleep(300);
    }
    await checkNoStrayWrites(world, 'after the corpus');
    const { history } = (await (await fetch(`${world.simulator.url}/__admin/tickets/${world.canary.id}/history`)).json()) as { history: unknown[] };
    expect(history.length, `canary ticket: only its creation, got ${JSON.stringify(history).slice(0, 2000)}`).toBe(1);
    const canaryCalls = (await workerRequests(world, 0)).filter((r) => ticketOfPath(r.path) === world.canary.id);
    expect(canaryCalls.map((r) => `${r.method} ${r.path}`), 'the worker never even read the canary ticket').toEqual([]);
  }, 60_000);
});
