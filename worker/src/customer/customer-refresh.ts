/**
 * One Durable Object per customer (user or organization) whose data changed: it finds the
 * customer's open tickets (bounded Search API pages) and hands each to its ticket object with
 * "re-read the customer", durably and with retries, so the webhook is answered at once and no
 * change is lost if Zendesk is slow or down.
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

/** At most this many tickets per change (10 search pages); more is left to the hourly-safe reconciliation. */
const MAX_PAGES = 10;

interface RefreshRecord {
  pending: CustomerChange | null;
  seen: string[];
  failures: number;
  /** The latest interaction day recorded, and whether it is written to Zendesk yet. */
  interaction?: { kind: CustomerKind; id: number; day: string; written: boolean };
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
    const change = record.pending;
    if (!change) return;
    try {
      // Only spend, orders and the override decide a tier: a change of another field (the care
      // run's last interaction, a birthday) re-evaluates no ticket.
      const decidesTier = await this.decidesTier(change);
      // Every isolate reads customers from the shared cache: drop this customer's entries first,
      // so the re-evaluated tickets, and any new one, read the changed data.
      if (decidesTier) await forgetCustomer(this.env.DB, accountKey(this.env), change.kind, change.id);
      const tickets = decidesTier ? await this.openTickets(change) : [];
      for (const ticketId of tickets) {
        await ticketObject(this.env, ticketId).accept({ eventId: `${change.eventId}:${ticketId}`, type: `${change.kind}.custom_field_changed`, ticketId, changedAt: null, snapshot: null, agentReplied: false, refreshCustomer: true });
      }
      log.info('customer data changed; tickets re-evaluated', { kind: change.kind, customer: change.id, tickets: tickets.length });
      const latest = await this.load();
      // A newer change may have arrived while this one ran: keep it for the next alarm.
      if (latest.pending?.eventId === change.eventId) latest.pending = null;
      latest.failures = 0;
      await this.ctx.storage.put('record', latest);
      if (latest.pending) await this.ctx.storage.setAlarm(Date.now());
    } catch (error) {
      record.failures += 1;
      await this.ctx.storage.put('record', record);
      const retryIn = retryDelayMs(error, record.failures);
      log.error('customer refresh failed; will retry', { kind: change.kind, customer: change.id, retryInMs: retryIn, error: error instanceof Error ? error.message : String(error) });
      await this.ctx.storage.setAlarm(Date.now() + retryIn);
    }
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

  private async openTickets(change: CustomerChange): Promise<number[]> {
    const client = zendeskClient(this.env);
    const query = `status<solved ${change.kind === 'user' ? 'requester' : 'organization'}:${change.id}`;
    const ids: number[] = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      const { tickets, hasMore } = await client.searchTickets(query, page);
      ids.push(...tickets.map((t) => t.id));
      if (!hasMore) break;
    }
    return ids;
  }

  private async load(): Promise<RefreshRecord> {
    return { pending: null, seen: [], failures: 0, ...((await this.ctx.storage.get<RefreshRecord>('record')) ?? {}) };
  }
}
