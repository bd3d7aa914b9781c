/**
 * The sidebar's follow-up reads and writes (app/data/care.ts) against the simulator, as sent: the
 * task it creates is found by its external_id, and the searches (ticket_type, tags, status range,
 * organization or requester ID, as Zendesk documents them) find one customer's care tasks only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alreadyCreated, careSubject, followUpDraft, followUpRequests, readFollowUps } from '../../app/data/care.ts';
import { DEFAULT_SETTINGS } from '../../shared/settings.ts';
import { startZendeskSimulator, type RunningSimulator } from './server.ts';
import { client } from './test-helpers.ts';

describe('care follow-ups through the Zendesk API', () => {
  let sim: RunningSimulator;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    sim = await startZendeskSimulator({ port: 0 });
    api = client(sim.url);
  });
  afterAll(async () => sim.close());

  const send = async (options: { url: string; type?: string; data?: string }) => {
    const response = options.type === 'POST' ? await api.post(options.url, JSON.parse(options.data!)) : await api.get(options.url);
    expect(response.status, JSON.stringify(response.body)).toBeLessThan(300);
    return response.body;
  };

  it('creates the follow-up once, then finds it as the next task of its organization only', async () => {
    const ids = sim.ids!;
    const subject = careSubject({ requester: { id: ids.users.coreCustomer, name: null, tags: [], fields: { account_manager: String(ids.users.agent) } }, organization: { id: ids.organizations.core, name: null, tags: [], fields: {} } }, 'core', DEFAULT_SETTINGS)!;
    const now = Date.parse('2026-12-01T08:00:00Z');
    const draft = followUpDraft(subject, DEFAULT_SETTINGS, now);
    expect(alreadyCreated(await send(draft.lookup))).toBe(false);
    const created = await send(draft.create);
    expect(created.ticket).toMatchObject({ type: 'task', due_at: '2026-12-02T23:59:59Z', external_id: 'tierwise-care:o' + ids.organizations.core + ':cadence:2026-12-02', assignee_id: ids.users.agent, organization_id: ids.organizations.core });
    expect(alreadyCreated(await send(draft.lookup))).toBe(true);

    // Another organization's care task, and a task without the care tag, are not this customer's follow-ups.
    await api.post('/api/v2/tickets.json', { ticket: { type: 'task', subject: 'Other customer', due_at: '2026-12-01T12:00:00Z', requester_id: ids.users.potentialCustomer, tags: ['tierwise_care'], comment: { body: 'x', public: false } } });
    await api.post('/api/v2/tickets.json', { ticket: { type: 'task', subject: 'Not care', due_at: '2026-12-01T12:00:00Z', requester_id: ids.users.coreCustomer, comment: { body: 'x', public: false } } });

    const requests = followUpRequests(subject, DEFAULT_SETTINGS);
    const followUps = readFollowUps(await send(requests.open), await send(requests.solved), DEFAULT_SETTINGS);
    expect(followUps.next).toEqual({ subject: 'Follow-up asked for by an agent: Core customer', at: Date.parse('2026-12-02T23:59:59Z') });
    expect(followUps.last).toBeNull();

    // Solved with the follow-up form filled in: its drop-down and checkbox are tags on the task.
    await api.put(`/api/v2/tickets/${created.ticket.id}.json`, { ticket: { status: 'solved', tags: [...created.ticket.tags, 'tierwise_method_phone', 'tierwise_confirmed'] } });
    const after = readFollowUps(await send(requests.open), await send(requests.solved), DEFAULT_SETTINGS);
    expect(after.next).toBeNull();
    expect(after.last?.subject).toBe('Follow-up asked for by an agent: Core customer');
    expect(after.last?.record).toEqual({ method: 'phone', confirmed: true, scores: {} });
  });
});
