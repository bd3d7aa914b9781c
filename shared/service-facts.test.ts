import { describe, expect, it } from 'vitest';
import type { TicketFacts } from './decision/facts.ts';
import { customerFactsOf, serviceFactsOf } from './service-facts.ts';
import { DEFAULT_SETTINGS } from './settings.ts';

const MIN = 60_000;
const H = 60 * MIN;
const created = Date.UTC(2026, 5, 1, 8);

function facts(over: Partial<TicketFacts> = {}): TicketFacts {
  return {
    ticketId: 5, tier: 'basic', tierReason: { rule: 'threshold', source: 'organization', name: 'Acme', matched: [] }, scene: 'presale', sceneSource: 'tag',
    targetMs: H, deadlines: null, status: 'open', firstReplied: false, firstReplySeenAt: null, steps: [], solvedAt: null, reopenedAt: null, nextDeadlineAt: null, ...over,
  };
}
const ticket = { createdAt: created, requesterId: 7, organizationId: 70 };

describe('service facts', () => {
  it("prefer Zendesk's reply time to when Tierwise saw the reply", () => {
    const row = serviceFactsOf({ facts: facts({ firstReplySeenAt: created + 50 * MIN }), ticket, metrics: { reply_time_in_minutes: { calendar: 30 } }, metricsReadAt: created + 2 * H, settings: DEFAULT_SETTINGS, now: created + 2 * H });
    expect(row).toMatchObject({ firstReplyAtMs: created + 30 * MIN, firstReplySource: 'metric', firstResponseMet: true, atRiskAtMs: null, breachedAtMs: null });
  });

  it('mark the lines an unanswered ticket crossed, and nothing before they are crossed', () => {
    const waiting = serviceFactsOf({ facts: facts(), ticket, metrics: null, metricsReadAt: null, settings: DEFAULT_SETTINGS, now: created + 50 * MIN });
    expect(waiting).toMatchObject({ firstResponseMet: null, atRiskAtMs: created + 45 * MIN, breachedAtMs: null });
    const late = serviceFactsOf({ facts: facts(), ticket, metrics: null, metricsReadAt: null, settings: DEFAULT_SETTINGS, now: created + 61 * MIN });
    expect(late).toMatchObject({ firstResponseMet: false, breachedAtMs: created + H });
  });

  it('date an escalation Tierwise took late at the deadline it fell due', () => {
    const row = serviceFactsOf({ facts: facts({ steps: [{ step: 'l1', at: created + 30 * H }] }), ticket, metrics: null, metricsReadAt: null, settings: DEFAULT_SETTINGS, now: created + 30 * H });
    expect(row.l1AtMs).toBe(created + 24 * H);
  });

  it('give a ticket first seen solved the escalation lines its metrics show it crossed', () => {
    const row = serviceFactsOf({
      facts: facts({ status: 'solved', solvedAt: created + 90 * H }), ticket, settings: DEFAULT_SETTINGS, now: created + 90 * H, metricsReadAt: created + 90 * H,
      metrics: { reply_time_in_minutes: { calendar: 26 * 60 }, solved_at: new Date(created + 80 * H).toISOString(), requester_wait_time_in_minutes: { calendar: 60 * 60 }, reopens: 2 },
    });
    expect(row).toMatchObject({ l1AtMs: created + 24 * H, l2AtMs: created + 48 * H, solvedAtMs: created + 80 * H, reopens: 2 });
  });

  it('keep Zendesk\'s solved time when a later run has no metric set, but not once Tierwise saw the ticket solved again', () => {
    const metrics = { solved_at: new Date(created + 5 * H).toISOString() };
    const first = serviceFactsOf({ facts: facts({ status: 'solved', solvedAt: created + 9 * H }), ticket, metrics, metricsReadAt: created + 9 * H, settings: DEFAULT_SETTINGS, now: created + 10 * H });
    expect(first.solvedAtMs).toBe(created + 5 * H);
    const again = serviceFactsOf({ facts: facts({ status: 'solved', solvedAt: created + 30 * H }), ticket, metrics, metricsReadAt: created + 9 * H, settings: DEFAULT_SETTINGS, now: created + 31 * H });
    expect(again.solvedAtMs).toBe(created + 30 * H);
  });

  it('count the ticket for the customer whose data set the tier, with its annual spend', () => {
    const row = serviceFactsOf({ facts: facts(), ticket, metrics: null, metricsReadAt: null, settings: DEFAULT_SETTINGS, now: created });
    expect([row.customerKind, row.customerId]).toEqual(['organization', 70]);
    const customer = customerFactsOf(row, { organization: { name: 'Acme', fields: { annual_spend: '620,000', last_interaction: '2026-05-01' } }, user: { name: 'Wei', fields: {} } }, DEFAULT_SETTINGS);
    expect(customer).toEqual({ kind: 'organization', customerId: 70, tier: 'basic', annualSpend: 620_000, lastInteractionMs: Date.UTC(2026, 4, 1), lastTicketAtMs: created });
  });
});
