/**
 * Phase 1 of the fault run: start the stack (the Zendesk simulator, the chat sink for alerts and
 * the real worker on a persisted state directory) and give the other phases its controls: the simulator's admin API,
 * an agent's API client, the worker to kill and restart, webhook re-sends and the cron sweep.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startChatSink, type RunningChatSink } from '../chat/server.ts';
import { freePort } from '../lib/ports.ts';
import { SEED_EMAILS, startZendeskSimulator, type RunningSimulator } from '../zendesk/server.ts';
import type { Delivery } from '../zendesk/types.ts';
import { alertWorkerVars } from './alerts-check.ts';
import { sendSigned, startKillableWorker, ZendeskApi, type KillableWorker } from './stack.ts';

export const creds = { email: 'admin@tierwise.test', apiToken: 'faults-token' };
const secret = 'faults-webhook-secret';
export const sidebarToken = 'faults-sidebar-token';

export interface ApiTicket {
  id: number;
  status: string;
  priority: string | null;
  tags: string[];
  group_id: number | null;
  assignee_id: number | null;
  follower_ids: number[];
  requester_id: number;
  created_at: string;
  updated_at: string;
  custom_fields: Array<{ id: number; value: unknown }>;
}

export interface StackOptions {
  appSettings: Record<string, number | string>;
  /** The worker's own request budget (ZENDESK_RATE_LIMIT_PER_MINUTE). */
  workerBudgetPerMinute?: number;
  /** Keep wrangler's output here (one file per worker process). */
  workerLogDir?: string;
}

export interface ResendCounts {
  accepted: number;
  duplicate: number;
  stale: number;
  other: number;
}

export class FaultStack {
  /** The running worker, or null while it is killed. */
  worker: KillableWorker | null = null;
  restarts = 0;
  /** Events the harness sent itself (re-sends, out-of-order snapshots). */
  eventsSent = 0;
  readonly resends: ResendCounts = { accepted: 0, duplicate: 0, stale: 0, other: 0 };
  readonly agent: ZendeskApi;
  /** The chat sink the worker's alerts go to (alerts-check.ts). */
  chat: RunningChatSink | null = null;
  private starts = 0;

  constructor(
    readonly simulator: RunningSimulator,
    private readonly workerPort: number,
    readonly stateDir: string,
    private readonly options: StackOptions,
  ) {
    this.agent = new ZendeskApi(simulator.url, SEED_EMAILS.agent, creds.apiToken);
  }

  get ids(): NonNullable<RunningSimulator['ids']> {
    return this.simulator.ids!;
  }

  /** Start a worker process on the persisted state (the first start, or a restart). */
  startWorker(): Promise<KillableWorker> {
    const { simulator, options } = this;
    return startKillableWorker({
      port: this.workerPort, persistDir: this.stateDir, testScheduled: true,
      vars: {
        ZENDESK_BASE_URL: simulator.url, ZENDESK_EMAIL: creds.email, ZENDESK_API_TOKEN: creds.apiToken, ZENDESK_WEBHOOK_SECRET: secret,
        TIERWISE_API_TOKEN: sidebarToken, ZENDESK_RATE_LIMIT_PER_MINUTE: String(options.workerBudgetPerMinute ?? 400),
        ...(this.chat ? alertWorkerVars(this.chat) : {}),
      },
      ...(options.workerLogDir ? { logFile: path.join(options.workerLogDir, `worker-${this.starts++}.log`) } : {}),
    });
  }

  /** The simulator's control API (/__admin): faults, deliveries, ticket history. */
  async admin<T>(method: string, p: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.simulator.url}/__admin${p}`, { method, ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }) });
    if (!response.ok) throw new Error(`admin ${method} ${p} -> ${response.status}`);
    return (await response.json()) as T;
  }

  async deliveries(): Promise<Delivery[]> {
    return (await this.admin<{ deliveries: Delivery[] }>('GET', '/deliveries')).deliveries;
  }

  /** Send a webhook body to the worker ourselves, counting how the worker took it. */
  async resend(body: string, invocationId?: string): Promise<void> {
    if (!this.worker) return;
    this.eventsSent += 1;
    try {
      const result = await sendSigned(this.worker.url, secret, body, invocationId);
      const status = result.body?.status;
      if (status === 'accepted' || status === 'duplicate' || status === 'stale') this.resends[status] += 1;
      else this.resends.other += 1;
    } catch {
      this.resends.other += 1; // the worker is down: Zendesk would retry, we just count it
    }
  }

  /**
   * The cron sweep finds tickets whose webhooks were lost while the worker was down
   * (wrangler dev runs no crons; /__scheduled fires the worker's scheduled handler).
   */
  async sweep(): Promise<void> {
    if (!this.worker) return;
    await fetch(`${this.worker.url}/__scheduled?cron=${encodeURIComponent('*/5 * * * *')}`).then((r) => r.arrayBuffer()).catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.worker?.stop().catch(() => undefined);
    await this.simulator.close().catch(() => undefined);
    await this.chat?.close().catch(() => undefined);
    rmSync(this.stateDir, { recursive: true, force: true });
  }
}

/** Start the simulator and a first worker process; on failure, whatever started is stopped. */
export async function startStack(options: StackOptions): Promise<FaultStack> {
  const workerPort = await freePort();
  const stateDir = mkdtempSync(path.join(tmpdir(), 'tierwise-faults-'));
  let simulator: RunningSimulator | null = null;
  const chat = await startChatSink({ port: 0 });
  try {
    simulator = await startZendeskSimulator({
      port: 0, ...creds, webhookSecret: secret, webhookTargetUrl: `http://127.0.0.1:${workerPort}/webhooks/zendesk`, rateLimitPerMinute: 0, appSettings: options.appSettings,
    });
    if (options.workerLogDir) rmSync(options.workerLogDir, { recursive: true, force: true });
    const stack = new FaultStack(simulator, workerPort, stateDir, options);
    stack.chat = chat;
    stack.worker = await stack.startWorker();
    return stack;
  } catch (error) {
    await simulator?.close().catch(() => undefined);
    await chat.close().catch(() => undefined);
    rmSync(stateDir, { recursive: true, force: true });
    throw error;
  }
}
