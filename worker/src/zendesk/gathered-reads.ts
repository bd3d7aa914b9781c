/**
 * The account's ticket and requester reads, gathered: one Durable Object per account that every
 * ticket object asks instead of Zendesk. The reads asked within GATHER_MS go out as one
 * `show_many` call of up to 100 ids, and the askers of one id share its answer. Under a burst,
 * the only time the account's rate limit binds, N tickets' reads cost one call between them; a
 * lone read waits GATHER_MS longer.
 *
 * It only saves calls and decides nothing: an id the answer lacks (or a ticket that came without
 * its metric set, see `showManyTickets`) is read alone by its asker, with Zendesk's own answer for
 * it (a 404 is a deleted ticket), and a call that failed fails its askers' runs the way their own
 * read would have (retried later, nothing lost).
 */
import { DurableObject } from 'cloudflare:workers';
import type { Env } from '../env.ts';
import { log } from '../log.ts';
import { gatheredReads } from '../objects.ts';
import { RetryLater, SHOW_MANY_LIMIT, ZendeskRefused, ZendeskUnavailable, type ZendeskClient } from './client.ts';
import { zendeskClient } from './connect.ts';
import type { ZendeskOrganization, ZendeskTicket, ZendeskTicketMetrics, ZendeskUser } from './types.ts';

/** How long the first read of a gathering waits for others (ms). */
const GATHER_MS = 150;

export interface TicketRead {
  ticket: ZendeskTicket;
  metrics: ZendeskTicketMetrics | null;
  /** When the read was sent (ms): a read sent after the ticket's stamp second ended is settled. */
  askedAt: number;
}

export interface UserRead {
  user: ZendeskUser;
  organizations: ZendeskOrganization[];
}

/**
 * What an asker gets: the record; `missing` when the answer lacked it or Zendesk refused the call
 * (the asker reads alone and gets Zendesk's own word: a 404 for a deleted ticket, a 401 for bad
 * credentials); `failed` when the call failed the way every read would now (5xx, network, a spent
 * budget): the asker's run is retried later.
 */
export type Gathered<T> = { kind: 'found'; value: T } | { kind: 'missing' } | { kind: 'failed'; message: string; retryAfterMs: number | null };

/** The ids asked since the last call went out, and who waits for each. */
class Gathering<T> {
  private waiting = new Map<number, Array<(answer: Gathered<T>) => void>>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly what: string, private readonly readMany: (ids: number[]) => Promise<Map<number, T>>) {}

  ask(id: number): Promise<Gathered<T>> {
    return new Promise((resolve) => {
      const askers = this.waiting.get(id);
      if (askers) askers.push(resolve);
      else this.waiting.set(id, [resolve]);
      if (this.waiting.size >= SHOW_MANY_LIMIT) this.send();
      else this.timer ??= setTimeout(() => this.send(), GATHER_MS);
    });
  }

  private send(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const gathered = this.waiting;
    this.waiting = new Map();
    const answer = (of: (id: number) => Gathered<T>) => {
      for (const [id, askers] of gathered) for (const resolve of askers) resolve(of(id));
    };
    this.readMany([...gathered.keys()]).then(
      (found) => answer((id) => (found.has(id) ? { kind: 'found', value: found.get(id)! } : { kind: 'missing' })),
      (error: unknown) => {
        // A refusal of the call (a 4xx) is best told by each asker's own read, with its typed answer.
        if (error instanceof ZendeskRefused) return answer(() => ({ kind: 'missing' }));
        const message = `gathered ${this.what} read failed: ${error instanceof Error ? error.message : String(error)}`;
        log.warn(message, { ids: gathered.size });
        answer(() => ({ kind: 'failed', message, retryAfterMs: error instanceof RetryLater ? error.afterMs : null }));
      },
    );
  }
}

export class GatheredReads extends DurableObject<Env> {
  private readonly tickets = new Gathering<TicketRead>('ticket', async (ids) => {
    const askedAt = Date.now();
    const found = await zendeskClient(this.env).showManyTickets(ids);
    return new Map([...found].map(([id, read]) => [id, { ...read, askedAt }]));
  });

  private readonly users = new Gathering<UserRead>('user', (ids) => zendeskClient(this.env).showManyUsersWithOrganizations(ids));

  ticket(id: number): Promise<Gathered<TicketRead>> {
    return this.tickets.ask(id);
  }

  user(id: number): Promise<Gathered<UserRead>> {
    return this.users.ask(id);
  }
}

/**
 * Ask the gathering object. Null: read alone (the answer lacked the record, or the object could
 * not be reached). A failed call fails the run, to be retried like any failed read.
 */
async function gathered<T>(ask: () => Promise<Gathered<T>>): Promise<T | null> {
  let answer: Gathered<T>;
  try {
    answer = await ask();
  } catch (error) {
    log.warn('gathered reads unavailable; reading alone', { error: error instanceof Error ? error.message : String(error) });
    return null;
  }
  if (answer.kind === 'found') return answer.value;
  if (answer.kind === 'missing') return null;
  throw answer.retryAfterMs === null ? new ZendeskUnavailable(0, 'show_many', answer.message) : new RetryLater(answer.retryAfterMs, answer.message);
}

/** The ticket with its metrics, read with the account's other reads of the moment. */
export async function readTicket(env: Env, client: ZendeskClient, ticketId: number): Promise<TicketRead> {
  // The stub's answer is the object's plain data (RPC serialises it), typed as the object returns it.
  const read = await gathered(() => gatheredReads(env).ticket(ticketId) as Promise<Gathered<TicketRead>>);
  if (read) return read;
  const askedAt = Date.now();
  return { ...(await client.getTicket(ticketId)), askedAt };
}

/** A user with their organizations, read with the account's other reads of the moment. */
export async function readUser(env: Env, client: ZendeskClient, userId: number): Promise<UserRead> {
  return (await gathered(() => gatheredReads(env).user(userId) as Promise<Gathered<UserRead>>)) ?? client.getUserWithOrganizations(userId);
}
