/**
 * Harness pieces shared by the benchmark (sandbox/bench) and the fault-injection run
 * (sandbox/faults): the real worker under `wrangler dev` that can be killed hard and restarted on
 * the same persisted state, memory of a process group from /proc, a small Zendesk API client that
 * counts its own calls, signed webhook sends, percentiles.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { signWebhook } from '../zendesk/webhooks.ts';

// ---------------------------------------------------------------------------------------------
// The worker, killable

export { groupPids, startWorker as startKillableWorker, type RunningWorker as KillableWorker } from '../lib/worker-process.ts';

// ---------------------------------------------------------------------------------------------
// Memory from /proc

export interface Memory {
  /** Current resident set, MB. */
  rssMb: number;
  /** Sum of each process's own peak (VmHWM), MB: an upper bound of the group's peak. */
  hwmMb: number;
  processes: Array<{ pid: number; name: string; rssMb: number; hwmMb: number }>;
}

function statusKb(text: string, key: string): number {
  const match = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text);
  return match ? Number(match[1]) : 0;
}

export function processMemory(pids: readonly number[]): Memory {
  const processes: Memory['processes'] = [];
  for (const pid of pids) {
    try {
      const text = readFileSync(`/proc/${pid}/status`, 'utf8');
      const name = /^Name:\s+(.*)$/m.exec(text)?.[1] ?? '?';
      processes.push({ pid, name, rssMb: statusKb(text, 'VmRSS') / 1024, hwmMb: statusKb(text, 'VmHWM') / 1024 });
    } catch {
      /* exited */
    }
  }
  return { rssMb: processes.reduce((s, p) => s + p.rssMb, 0), hwmMb: processes.reduce((s, p) => s + p.hwmMb, 0), processes };
}

/** Samples the summed RSS of some processes every `everyMs`; `peak()` is the highest sum seen. */
export function memorySampler(pids: () => number[], everyMs = 250): { peak(): number; last(): Memory; stop(): void } {
  let peak = 0;
  let last: Memory = { rssMb: 0, hwmMb: 0, processes: [] };
  const sample = (): void => {
    last = processMemory(pids());
    peak = Math.max(peak, last.rssMb);
  };
  sample();
  const timer = setInterval(sample, everyMs);
  timer.unref();
  return { peak: () => (sample(), peak), last: () => last, stop: () => clearInterval(timer) };
}

// ---------------------------------------------------------------------------------------------
// Zendesk API, as an agent or admin, counting its own calls

export interface ApiCallCounts {
  attempts: number;
  byStatus: Record<string, number>;
}

export class ZendeskApi {
  readonly counts: ApiCallCounts = { attempts: 0, byStatus: {} };
  private readonly authorization: string;

  constructor(readonly baseUrl: string, email: string, apiToken: string) {
    this.authorization = `Basic ${Buffer.from(`${email}/token:${apiToken}`).toString('base64')}`;
  }

  /** One attempt; the answer as is. */
  async once(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown; retryAfter: number | null }> {
    this.counts.attempts += 1;
    let response: Response;
    try {
      // `harness=1` marks our own calls in the simulator's request log (Zendesk ignores unknown parameters).
      response = await fetch(`${this.baseUrl}${path}${path.includes('?') ? '&' : '?'}harness=1`, {
        method,
        headers: { Authorization: this.authorization, Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      this.counts.byStatus['network'] = (this.counts.byStatus['network'] ?? 0) + 1;
      throw error;
    }
    this.counts.byStatus[String(response.status)] = (this.counts.byStatus[String(response.status)] ?? 0) + 1;
    const text = await response.text();
    let json: unknown = null;
    try {
      json = text === '' ? null : JSON.parse(text);
    } catch {
      json = text;
    }
    const ra = response.headers.get('Retry-After');
    return { status: response.status, json, retryAfter: ra !== null && /^\d+$/.test(ra) ? Number(ra) : null };
  }

  /** Retries 429 (Retry-After), 5xx and network errors until `deadlineMs`; 409 is returned to the caller. */
  async call<T>(method: string, path: string, body?: unknown, deadlineMs = 120_000): Promise<{ status: number; json: T }> {
    const until = Date.now() + deadlineMs;
    for (let attempt = 1; ; attempt++) {
      let result: { status: number; json: unknown; retryAfter: number | null };
      try {
        result = await this.once(method, path, body);
      } catch (error) {
        if (Date.now() > until) throw error;
        await sleep(Math.min(2_000, 100 * attempt));
        continue;
      }
      const { status, json, retryAfter } = result;
      if (status === 429 || status >= 500) {
        if (Date.now() > until) throw new Error(`${method} ${path}: still ${status} after ${attempt} attempts`);
        await sleep(status === 429 ? Math.min((retryAfter ?? 1) * 1000, Math.max(0, until - Date.now())) : Math.min(2_000, 100 * attempt));
        continue;
      }
      if (status >= 400 && status !== 409) throw new Error(`${method} ${path} -> ${status} ${JSON.stringify(json).slice(0, 300)}`);
      return { status, json: json as T };
    }
  }

  async get<T>(path: string): Promise<T> {
    return (await this.call<T>('GET', path)).json;
  }
}

// ---------------------------------------------------------------------------------------------
// Signed webhook deliveries to the worker

export interface SendResult {
  status: number;
  ms: number;
  body: { status?: string } | null;
}

/** Sign and POST one event body exactly as the simulator's dispatcher does (fresh timestamp). */
export async function sendSigned(workerUrl: string, secret: string, body: string, invocationId: string = randomUUID()): Promise<SendResult> {
  const timestamp = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const started = performance.now();
  const response = await fetch(`${workerUrl}/webhooks/zendesk`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'User-Agent': 'Zendesk Webhook',
      'X-Zendesk-Account-Id': '1',
      'X-Zendesk-Webhook-Invocation-Id': invocationId,
      'X-Zendesk-Webhook-Signature-Timestamp': timestamp,
      'X-Zendesk-Webhook-Signature': signWebhook(secret, timestamp, body),
    },
    body,
  });
  const text = await response.text();
  const ms = performance.now() - started;
  let parsed: { status?: string } | null = null;
  try {
    parsed = JSON.parse(text) as { status?: string };
  } catch {
    parsed = null;
  }
  return { status: response.status, ms, body: parsed };
}

/** Runs `task` over `items` with at most `limit` in flight. */
export async function pool<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    for (;;) {
      const index = next++;
      if (index >= items.length) return;
      results[index] = await task(items[index]!, index);
    }
  });
  await Promise.all(lanes);
  return results;
}

// ---------------------------------------------------------------------------------------------
// Small things

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Nearest-rank percentile of `values` (p in 0..100); NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

/** A seeded PRNG (mulberry32), so a run's scenario mix is repeatable. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function parseArgs(argv: readonly string[]): Map<string, string | true> {
  const args = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) continue;
    const [key, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    if (inline !== undefined) args.set(key, inline);
    else if (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) args.set(key, argv[++i]!);
    else args.set(key, true);
  }
  return args;
}
