/**
 * One Durable Object per customer (user or organization) whose data changed: it finds the
 * customer's open tickets and hands each to its ticket object with "re-read the customer",
 * durably and with retries, so the webhook is answered at once and no change is lost if
 * Zendesk is slow or down.
 *
 * The fan-out runs in slices, one per alarm: each alarm is its own invocation with its own
 * subrequest limit (Cloudflare Workers: 50 per invocation on the Free plan, 10,000 on Paid), so
 * a customer with thousands of open tickets is worked through a slice at a time. The progress
 * (a cursor: the creation time of the last ticket handed on, and the ids handed on at that
 * second) is saved after every ticket, so a retry never repeats what was done, and search
 * results shifting between slices (a ticket solved meanwhile) skip no ticket.
 */
import { DurableObject } from 'cloudflare:workers';
import type { Env } from '../env.ts';
import { log } from '../log.ts';
import { ticketObject } from '../objects.ts';
import { retryDelayMs } from '../zendesk/client.ts';
import { zendeskClient } from '../zendesk/connect.ts';
import type { CustomerChange, CustomerKind } from './customer-change.ts';
import { loadSettings } from '../zendesk/account.ts';
import { accountKey } from '../zendesk/account-key.ts';
import { forgetCustomer } from '../zendesk/shared-cache.ts';

/**
 * Tickets handed on per alarm. A slice's subrequests, at worst: the settings read, the
 * last-interaction write and the search page, each up to 4 attempts of 2 subrequests (the rate
 * budget's object, then Zendesk), so 24, plus one per ticket object: 44, under the Free plan's 50.
 */
export const SLICE_TICKETS = 20;
/** Zendesk's largest search page. */
const MAX_PER_PAGE = 100;

/** Where a fan-out is: tickets created before `createdAt`, and those of `ids` created at that second, are done. */
interface FanOutCursor {
  createdAt: string;
  ids: number[];
}

interface FanOut {
  change: CustomerChange;
  after: FanOutCursor | null;
  /** Tickets handed on so far. */
  handedOn: number;
}

interface RefreshRecord {
  /** The change waiting for the next fan-out (changes that arrive before it starts merge). */
  pending: CustomerChange | null;
  /** The fan-out under way, slice by slice. */
  fanOut: FanOut | null;
  seen: string[];
  failures: number;
  /** The latest interaction day recorded, and whether it is written to Zendesk yet. */
  interaction?: { kind: CustomerKind; id: number; day: string; written: boolean };
}

export interface RefreshView {
  pending: string | null;
  fanOut: { eventId: string; handedOn: number } | null;
  failures: number;
}

export class CustomerRefresh extends DurableObject<Env> {
  async accept(change: CustomerChange): Promise<'accepted' | 'duplicate'> {
    const record = await this.load();
    if (record.seen.includes(change.eventId)) return 'duplicate';
    record.seen = [...record.seen, change.eventId].slice(-100);
    // Several field changes of one save collapse into one refresh, of any field when they differ.
    const { fieldKey: _, ...anyField } = change;
    record.pending = record.pending && record.pending.fieldKey !== change.fieldKey ? anyField : change;
    await this.ctx.storage.put('record', record);
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now());
    return 'accepted';
  }

  async view(): Promise<RefreshView> {
    const { pending, fanOut, failures } = await this.load();
    return { pending: pending?.eventId ?? null, fanOut: fanOut ? { eventId: fanOut.change.eventId, handedOn: fanOut.handedOn } : null, failures };
  }

  /** A public comment's day: written to the customer's last-interaction field at most once a day. */
  async recordInteraction(customer: { kind: CustomerKind; id: number }, day: string): Promise<'recorded' | 'already'> {
    const record = await this.load();
    if (record.interaction && record.interaction.day >= day) return 'already';
    record.interaction = { ...customer, day, written: false };
    await this.ctx.storage.put('record', record);
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now());
    return 'recorded';
  }

  override async alarm(): Promise<void> {
    const record = await this.load();
    if (record.interaction && !record.interaction.written) await this.writeInteraction(record);
    if (!record.fanOut && !record.pending) return;
    const change = record.fanOut?.change ?? record.pending!;
    try {
      const fanOut = record.fanOut ?? (await this.start(change));
      const done = fanOut === null || (await this.slice(fanOut));
      const latest = await this.update((r) => {
        r.failures = 0;
        if (done) r.fanOut = null;
      });
      if (done && fanOut) log.info('customer data changed; tickets re-evaluated', { kind: change.kind, customer: change.id, tickets: fanOut.handedOn });
      // The next slice, or a change that arrived meanwhile: each in an invocation of its own.
      if (!done || latest.pending) await this.ctx.storage.setAlarm(Date.now());
    } catch (error) {
      // Only the count changes: what was done, and a change that arrived meanwhile, stay stored.
      const { failures } = await this.update((r) => {
        r.failures += 1;
      });
      const retryIn = retryDelayMs(error, failures);
      log.error('customer refresh failed; will retry', { kind: change.kind, customer: change.id, retryInMs: retryIn, error: error instanceof Error ? error.message : String(error) });
      await this.ctx.storage.setAlarm(Date.now() + retryIn);
    }
  }

  /** Take the pending change: a fan-out from the first ticket, or none when the changed field decides no tier. */
  private async start(change: CustomerChange): Promise<FanOut | null> {
    // Only spend, orders and the override decide a tier: a change of another field (the care
    // run's last interaction, a birthday) re-evaluates no ticket.
    const decidesTier = await this.decidesTier(change);
    // Every isolate reads customers from the shared cache: drop this customer's entries first,
    // so the re-evaluated tickets, and any new one, read the changed data.
    if (decidesTier) await forgetCustomer(this.env.DB, accountKey(this.env), change.kind, change.id);
    const fanOut: FanOut | null = decidesTier ? { change, after: null, handedOn: 0 } : null;
    await this.update((r) => {
      r.fanOut = fanOut;
      // A newer change may have arrived meanwhile: it stays pending, for a fan-out of its own.
      if (r.pending?.eventId === change.eventId) r.pending = null;
    });
    return fanOut;
  }

  /** Hand one slice of the customer's open tickets on, saving the cursor after each; true when none are left. */
  private async slice(fanOut: FanOut): Promise<boolean> {
    const { change } = fanOut;
    const client = zendeskClient(this.env);
    const who = `${change.kind === 'user' ? 'requester' : 'organization'}:${change.id}`;
    let after = fanOut.after;
    const query = `status<solved ${who}${after ? ` created>=${after.createdAt}` : ''}`;
    // Asking for the ids already done at the cursor's second too keeps a full slice of new ones on the page.
    const perPage = Math.min(MAX_PER_PAGE, SLICE_TICKETS + (after?.ids.length ?? 0));
    const { tickets, hasMore } = await client.searchTickets(query, 1, perPage, { sortBy: 'created_at', sortOrder: 'asc' });
    const undone = tickets.filter((t) => !(after && t.created_at === after.createdAt && after.ids.includes(t.id)));
    if (undone.length === 0 && hasMore) {
      // More than a page of this customer's tickets created in one second: the rest of that second is skipped.
      log.warn('customer fan-out: too many tickets created in one second; moving on', { kind: change.kind, customer: change.id });
      const next = new Date(Date.parse(after!.createdAt) + 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
      await this.update((r) => {
        if (r.fanOut) r.fanOut = { ...r.fanOut, after: { createdAt: next, ids: [] } };
      });
      return false;
    }
    for (const ticket of undone.slice(0, SLICE_TICKETS)) {
      await ticketObject(this.env, ticket.id).accept({ eventId: `${change.eventId}:${ticket.id}`, type: `${change.kind}.custom_field_changed`, ticketId: ticket.id, changedAt: null, snapshot: null, agentReplied: false, refreshCustomer: true });
      after = { createdAt: ticket.created_at, ids: after?.createdAt === ticket.created_at ? [...after.ids, ticket.id] : [ticket.id] };
      const cursor = after;
      await this.update((r) => {
        if (r.fanOut) r.fanOut = { ...r.fanOut, after: cursor, handedOn: r.fanOut.handedOn + 1 };
      });
      fanOut.handedOn += 1;
    }
    return !hasMore && undone.length <= SLICE_TICKETS;
  }

  private async decidesTier(change: CustomerChange): Promise<boolean> {
    if (change.fieldKey === undefined) return true;
    const { settings } = await loadSettings(zendeskClient(this.env), this.env);
    return [settings.annual_spend_field, settings.orders_field, settings.tier_override_field].includes(change.fieldKey);
  }

  private async writeInteraction(record: RefreshRecord): Promise<void> {
    const interaction = record.interaction!;
    try {
      const client = zendeskClient(this.env);
      const { settings } = await loadSettings(client, this.env);
      const resource = interaction.kind === 'user' ? 'users' : 'organizations';
      const fields = interaction.kind === 'user' ? 'user_fields' : 'organization_fields';
      await client.request('PUT', `/api/v2/${resource}/${interaction.id}.json`, { [interaction.kind]: { [fields]: { [settings.last_interaction_field]: interaction.day } } });
      const latest = await this.load();
      if (latest.interaction?.day === interaction.day) latest.interaction.written = true;
      else if (latest.interaction) await this.ctx.storage.setAlarm(Date.now());
      await this.ctx.storage.put('record', latest);
      record.interaction = latest.interaction;
    } catch (error) {
      const retryIn = retryDelayMs(error, 1);
      log.error('last interaction not written; will retry', { kind: interaction.kind, customer: interaction.id, retryInMs: retryIn, error: error instanceof Error ? error.message : String(error) });
      await this.ctx.storage.setAlarm(Date.now() + retryIn);
    }
  }

  private async load(): Promise<RefreshRecord> {
    return { pending: null, fanOut: null, seen: [], failures: 0, ...((await this.ctx.storage.get<RefreshRecord>('record')) ?? {}) };
  }

  /** Change the record as stored now (never an older copy this run holds), and return it. */
  private async update(change: (record: RefreshRecord) => void): Promise<RefreshRecord> {
    const latest = await this.load();
    change(latest);
    await this.ctx.storage.put('record', latest);
    return latest;
  }
}
