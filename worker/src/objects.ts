/**
 * The Durable Objects the worker keeps, each named inside its Zendesk account (docs: the
 * account key is the host of ZENDESK_BASE_URL), so a worker pointed at another account, or at a
 * simulator started afresh, never finds the objects of the first one.
 */
import type { Env } from './env.ts';
import type { CustomerKind } from './customer/customer-change.ts';
import { accountKey } from './zendesk/account-key.ts';

type Scoped = Pick<Env, 'ZENDESK_BASE_URL'>;

/** Object names: `<account>/ticket:<id>`, `<account>/user:<id>`, `<account>/budget`, `<account>/reads`, `<account>/alerts`. */
export function ticketObjectName(env: Scoped, ticketId: number): string {
  return `${accountKey(env)}/ticket:${ticketId}`;
}

export function customerObjectName(env: Scoped, kind: CustomerKind, id: number): string {
  return `${accountKey(env)}/${kind}:${id}`;
}

export function budgetObjectName(env: Scoped): string {
  return `${accountKey(env)}/budget`;
}

export function ticketObject(env: Pick<Env, 'TICKETS' | 'ZENDESK_BASE_URL'>, ticketId: number) {
  return env.TICKETS.get(env.TICKETS.idFromName(ticketObjectName(env, ticketId)));
}

export function customerObject(env: Pick<Env, 'CUSTOMERS' | 'ZENDESK_BASE_URL'>, kind: CustomerKind, id: number) {
  return env.CUSTOMERS.get(env.CUSTOMERS.idFromName(customerObjectName(env, kind, id)));
}

/** The account's chat-alert outbox: `<account>/alerts`. */
export function alertOutbox(env: Pick<Env, 'ALERTS' | 'ZENDESK_BASE_URL'>) {
  return env.ALERTS.get(env.ALERTS.idFromName(`${accountKey(env)}/alerts`));
}

export function budgetObject(env: Pick<Env, 'ZENDESK_BUDGET' | 'ZENDESK_BASE_URL'>) {
  return env.ZENDESK_BUDGET.get(env.ZENDESK_BUDGET.idFromName(budgetObjectName(env)));
}

/** The care run: one per account (docs/rules.md#care-cadence). */
export function careRunObject(env: Pick<Env, 'CARE_RUNS' | 'ZENDESK_BASE_URL'>) {
  return env.CARE_RUNS.get(env.CARE_RUNS.idFromName(`${accountKey(env)}/care`));
}

/** The account's gathered Zendesk reads (zendesk/gathered-reads.ts): `<account>/reads`. */
export function gatheredReads(env: Pick<Env, 'READS' | 'ZENDESK_BASE_URL'>) {
  return env.READS.get(env.READS.idFromName(`${accountKey(env)}/reads`));
}
