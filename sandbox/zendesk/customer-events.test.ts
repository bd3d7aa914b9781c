import { afterEach, describe, expect, it } from 'vitest';
import { startZendeskSimulator } from './server.ts';
import { client, startReceiver } from './test-helpers.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe('customer data events', () => {
  it('sends organization.custom_field_changed when an organization field changes, and nothing for a no-op', async () => {
    const receiver = await startReceiver();
    const sim = await startZendeskSimulator({ port: 0, webhookTargetUrl: receiver.url });
    cleanups.push(() => receiver.close(), () => sim.close());
    const api = client(sim.url);
    const orgId = sim.ids!.organizations.basic;

    await api.put(`/api/v2/organizations/${orgId}.json`, { organization: { organization_fields: { annual_spend: 650000 } } });
    await api.put(`/api/v2/organizations/${orgId}.json`, { organization: { organization_fields: { annual_spend: 650000 } } });
    await sim.webhooksIdle();

    const events = receiver.received.map((r) => JSON.parse(r.body) as Record<string, any>);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'zen:event-type:organization.custom_field_changed',
      subject: `zen:organization:${orgId}`,
      detail: { id: String(orgId) },
      event: { current: 650000, previous: 20000, custom_field: { key: 'annual_spend' } },
    });
  });

  it('sends user.custom_field_changed for a user field', async () => {
    const receiver = await startReceiver();
    const sim = await startZendeskSimulator({ port: 0, webhookTargetUrl: receiver.url });
    cleanups.push(() => receiver.close(), () => sim.close());
    const userId = sim.ids!.users.noDataCustomer;
    await client(sim.url).put(`/api/v2/users/${userId}.json`, { user: { user_fields: { tier_override: 'core' } } });
    await sim.webhooksIdle();
    expect(receiver.received.map((r) => JSON.parse(r.body).type)).toEqual(['zen:event-type:user.custom_field_changed']);
    expect(JSON.parse(receiver.received[0]!.body).subject).toBe(`zen:user:${userId}`);
  });
});
