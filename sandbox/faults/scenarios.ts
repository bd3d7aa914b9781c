/** What the fault run's agent does to each ticket while the worker works on it. */
import type { TagVocabulary } from '../../shared/tags.ts';
import type { RunningSimulator } from '../zendesk/server.ts';
import { sleep, type ZendeskApi } from './stack.ts';
import type { ApiTicket } from './fault-stack.ts';

/**
 * `taken`: assigned to Wang Fang, who is in Support, outside both escalation groups: handled, so
 * no L1, but L2 comes. `closed_retier`: its own customer, tier applied; while the worker is down
 * the agent closes it and the customer's data changes tier. When the closing's run reads the
 * changed customer, Tierwise's change of tier meets a closed ticket (Zendesk: 422) and must be
 * recorded as refused, sent once; when it reads first (deliveries come in no fixed order), nothing
 * is sent (check.ts).
 */
export type Scenario = 'untouched' | 'taken' | 'solved' | 'raised' | 'lowered' | 'stale_tags' | 'safe_edit' | 'closed_retier';
/** Drawn at random per ticket: untouched and taken tickets twice as often as the others (closed_retier is placed, see burst.ts). */
export const SCENARIOS: Scenario[] = ['untouched', 'untouched', 'taken', 'solved', 'raised', 'lowered', 'stale_tags', 'safe_edit', 'untouched', 'taken'];
/** closed_retier: the customer's annual spend before (basic) and after (core) the ticket closed. */
export const RETIER_SPEND = { before: 20_000, after: 600_000 } as const;
/** The tag an agent adds in the scenarios that edit tags; it must survive Tierwise's changes. */
export const AGENT_TAG = { stale_tags: 'agent_followup', safe_edit: 'agent_checked' } as const;

export interface AgentContext {
  agent: ZendeskApi;
  agentId: number;
  simulator: RunningSimulator;
  vocabulary: TagVocabulary;
  l1Seconds: number;
  random: () => number;
  /** True while the worker is killed. */
  workerDown: () => boolean;
}

export async function actAsAgent(ctx: AgentContext, id: number, scenario: Scenario): Promise<void> {
  const { agent } = ctx;
  const getTicket = async (): Promise<ApiTicket> => (await agent.get<{ ticket: ApiTicket }>(`/api/v2/tickets/${id}.json`)).ticket;
  switch (scenario) {
    case 'untouched':
      return;
    case 'taken':
      await agent.call('PUT', `/api/v2/tickets/${id}.json`, { ticket: { assignee_id: ctx.agentId, status: 'open' } });
      return;
    case 'solved':
      await agent.call('PUT', `/api/v2/tickets/${id}.json`, { ticket: { status: 'solved' } });
      return;
    case 'raised':
      await agent.call('PUT', `/api/v2/tickets/${id}.json`, { ticket: { priority: 'urgent' } });
      return;
    case 'lowered': {
      // Lower the priority on purpose once Tierwise has set it: it must not be overruled.
      // Watched through the simulator's store: looking costs no API budget.
      const until = Date.now() + (ctx.l1Seconds * 1000) / 2;
      while (Date.now() < until) {
        const t = ctx.simulator.store.tickets.get(id);
        if (t && t.tags.some((tag) => ctx.vocabulary.tierOf(tag) !== null)) {
          await agent.call('PUT', `/api/v2/tickets/${id}.json`, { ticket: { priority: 'low' } });
          return;
        }
        await sleep(300);
      }
      return;
    }
    case 'stale_tags': {
      // An agent form opened before Tierwise's change saves the whole tag list it saw.
      const seen = await getTicket();
      await sleep(400);
      await agent.call('PUT', `/api/v2/tickets/${id}.json`, { ticket: { tags: [...seen.tags, AGENT_TAG.stale_tags] } });
      return;
    }
    case 'safe_edit': {
      for (let attempt = 0; attempt < 20; attempt++) {
        const t = await getTicket();
        const { status } = await agent.call('PUT', `/api/v2/tickets/${id}.json`, { ticket: { tags: [...t.tags, AGENT_TAG.safe_edit], safe_update: true, updated_stamp: t.updated_at } });
        if (status !== 409) return;
        await sleep(50 + 100 * ctx.random());
      }
      throw new Error(`safe edit of ticket ${id} kept conflicting`);
    }
    case 'closed_retier': {
      // Once the worker is down (the burst files these before it kills it), close the ticket and
      // move its customer to another tier: the worker comes back to a closed ticket to retier.
      // Its first tier has usually landed by then; if Zendesk's faults held it up, the first
      // change is the one refused.
      const until = Date.now() + ctx.l1Seconds * 1000;
      while (!ctx.workerDown() && Date.now() < until) await sleep(100);
      if (!ctx.workerDown()) throw new Error(`ticket ${id}: the worker was never down to close it under`);
      const { requester_id } = await getTicket();
      await agent.call('PUT', `/api/v2/tickets/${id}.json`, { ticket: { status: 'closed' } });
      await agent.call('PUT', `/api/v2/users/${requester_id}.json`, { user: { user_fields: { annual_spend: RETIER_SPEND.after } } });
      return;
    }
  }
}

/** A customer of its own for a closed_retier ticket (its data changes; nobody else's tickets move). */
export async function retierCustomer(agent: ZendeskApi, i: number): Promise<number> {
  const { json } = await agent.call<{ user: { id: number } }>('POST', '/api/v2/users.json', {
    user: { name: `Fault run customer ${i}`, email: `fault-run-${i}@example.com`, role: 'end-user', user_fields: { annual_spend: RETIER_SPEND.before } },
  });
  return json.user.id;
}
