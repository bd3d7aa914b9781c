/** What every answer must be, whatever the case: never a 5xx, a JSON error shape for a 4xx, a known result for a 2xx, a worker still healthy, no stray Zendesk write. */
import { expect } from 'vitest';
import { z } from 'zod';
import { resultSchema, statuses, type Expect } from './schema.ts';
import { describeAnswer, send, type Answer } from './send.ts';
import { isWrite, ticketOfPath, workerRequests, type CorpusWorld } from './world.ts';

const errorBody = z.object({ error: z.object({ code: z.string().regex(/^[a-z_]+$/), message: z.string().min(8) }).strict() }).strict();
const okBody = z.object({ status: resultSchema, reason: z.string().min(8).optional(), reread: z.enum(['accepted', 'duplicate', 'stale']).optional() }).passthrough();

function json(label: string, answer: Answer): unknown {
  try {
    return JSON.parse(answer.text);
  } catch {
    throw new Error(`${label}: the body is not JSON: ${answer.text.slice(0, 200)}`);
  }
}

/** Status, and a 4xx's error code and message. */
export function checkStatusAndError(label: string, answer: Answer, want: { status: number | number[]; code?: string | undefined; message?: string | undefined }): void {
  expect(answer.status, `${label}: never a 5xx (${describeAnswer(answer)})`).toBeLessThan(500);
  expect(statuses(want.status), `${label}: status (${describeAnswer(answer)})`).toContain(answer.status);
  if (answer.status < 400) return;
  const body = json(label, answer);
  expect(errorBody.safeParse(body).success, `${label}: a 4xx is {"error":{"code","message"}} (${answer.text.slice(0, 300)})`).toBe(true);
  const { code, message } = (body as z.infer<typeof errorBody>).error;
  if (want.code) expect(code, `${label}: error.code (${message})`).toBe(want.code);
  if (want.message) expect(message, `${label}: error.message`).toContain(want.message);
}

/** A webhook answer: JSON always; a 2xx says accepted/duplicate/stale/ignored/purged, an "ignored" one why. */
export function checkWebhookAnswer(label: string, answer: Answer, want: Pick<Expect, 'status' | 'code' | 'message' | 'result' | 'reason' | 'reread'>): void {
  checkStatusAndError(label, answer, want);
  expect(String(answer.headers['content-type'] ?? ''), `${label}: JSON answer`).toMatch(/^application\/json/);
  if (answer.status >= 400) return;
  const body = json(label, answer);
  const ok = okBody.safeParse(body);
  expect(ok.success, `${label}: a 2xx says accepted/duplicate/stale/ignored/purged (${answer.text.slice(0, 300)})`).toBe(true);
  const { status, reason, reread } = ok.data!;
  if (status === 'ignored') expect(reason, `${label}: an "ignored" answer says why`).toEqual(expect.any(String));
  if (want.result) expect(status, `${label}: result`).toBe(want.result);
  if (want.reason) expect(reason, `${label}: reason`).toContain(want.reason);
  if (want.reread !== undefined) expect(reread !== undefined, `${label}: the ticket it names is ${want.reread ? '' : 'not '}queued to be re-read (${answer.text.slice(0, 300)})`).toBe(want.reread);
}

export async function checkHealth(world: CorpusWorld, label: string): Promise<void> {
  const answer = await send(world.workerPort, { method: 'GET', path: '/health', headers: [], body: Buffer.alloc(0), chunked: false });
  expect(answer.status, `${label}: GET /health afterwards`).toBe(200);
  // No cron fires in the corpus world: the last reconciliation sweep is still none.
  expect(JSON.parse(answer.text)).toEqual({ status: 'ok', service: 'tierwise', needs_attention: { refused_changes: expect.any(Number), days: 7 }, reconciliation: null, installation: { state: 'ok', id: expect.any(Number) } });
}

/** Fails on any worker write since the last check that does not go to a writable ticket. */
export async function checkNoStrayWrites(world: CorpusWorld, label: string): Promise<void> {
  const requests = await workerRequests(world, world.checkedSeq);
  if (requests.length > 0) world.checkedSeq = Math.max(world.checkedSeq, ...requests.map((r) => r.seq));
  // A public comment is an interaction: the worker may write its customer's last_interaction
  // (docs/rules.md#care-cadence); every corpus ticket's requester is the seeded basic customer.
  const interactionWrite = `PUT /api/v2/users/${world.basicCustomerId}.json`;
  const stray = requests.filter((r) => isWrite(r) && !world.writable.has(ticketOfPath(r.path) ?? -1) && `${r.method} ${r.path}` !== interactionWrite);
  expect(stray.map((r) => `${r.method} ${r.path}`), `${label}: Zendesk writes no case allowed`).toEqual([]);
}
