import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startZendeskSimulator } from './server.ts';
import type { RunningSimulator } from './server.ts';
import { basicAuth, client, fetchJson } from './test-helpers.ts';

let sim: RunningSimulator;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  sim = await startZendeskSimulator({ port: 0 });
  api = client(sim.url);
});
afterAll(async () => sim.close());

describe('authentication', () => {
  it('rejects requests without credentials or with a wrong token', async () => {
    const anon = await client(sim.url, null).get('/api/v2/users/me.json');
    expect(anon.status).toBe(401);
    expect(anon.body).toEqual({ error: "Couldn't authenticate you" });
    const wrong = await client(sim.url, basicAuth('admin@tierwise.test', 'nope')).get('/api/v2/users/me.json');
    expect(wrong.status).toBe(401);
    const unknownEmail = await client(sim.url, basicAuth('nobody@example.com')).get('/api/v2/users/me.json');
    expect(unknownEmail.status).toBe(401);
  });

  it('accepts email/token Basic auth and the token as a Bearer token', async () => {
    const basic = await api.get('/api/v2/users/me.json');
    expect(basic.status).toBe(200);
    expect(basic.body.user).toMatchObject({ email: 'admin@tierwise.test', role: 'admin' });
    const bearer = await client(sim.url, 'Bearer sandbox-token').get('/api/v2/users/me');
    expect(bearer.status).toBe(200);
    expect(bearer.body.user.email).toBe('admin@tierwise.test');
  });

  it('acts as the agent named in the Basic credentials', async () => {
    const me = await client(sim.url, basicAuth('wang.fang@tierwise.test')).get('/api/v2/users/me.json');
    expect(me.body.user).toMatchObject({ name: '王芳 Wang Fang', role: 'agent' });
  });
});

describe('errors', () => {
  it('answers JSON 404s for unknown records and endpoints', async () => {
    const missing = await api.get('/api/v2/tickets/999999.json');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: 'RecordNotFound', description: 'Not found' });
    const endpoint = await api.get('/api/v2/nothing_here.json');
    expect(endpoint.status).toBe(404);
    expect(endpoint.body.error).toBe('InvalidEndpoint');
  });

  it('answers 400 for a non-JSON body and 422 with details for invalid values', async () => {
    const notJson = await api.post('/api/v2/tickets.json', '{"ticket": ');
    expect(notJson.status).toBe(400);
    const badPriority = await api.post('/api/v2/tickets.json', { ticket: { subject: 's', comment: { body: 'b' }, priority: 'critical' } });
    expect(badPriority.status).toBe(422);
    expect(badPriority.body).toMatchObject({ error: 'RecordInvalid', description: 'Record validation errors' });
    expect(Object.keys(badPriority.body.details)).toContain('priority');
    const badTags = await api.post('/api/v2/tickets.json', { ticket: { subject: 's', comment: { body: 'b' }, tags: 'a b' } });
    expect(badTags.status).toBe(422);
    expect(Object.keys(badTags.body.details)).toContain('tags');
  });
});

describe('users, organizations, fields, groups', () => {
  it('finds the seeded tiers of customers with their custom fields', async () => {
    const ids = sim.ids!;
    const org = await api.get(`/api/v2/organizations/${ids.organizations.core}.json`);
    expect(org.body.organization.name).toBe('Acme Manufacturing 艾克美制造');
    expect(org.body.organization.organization_fields.annual_spend).toBe(620000);
    const many = await api.get(`/api/v2/users/show_many.json?ids=${ids.users.coreCustomer},${ids.users.noOrgCoreCustomer}`);
    expect(many.body.users.map((u: { email: string }) => u.email)).toEqual(['zhang.wei@example.com', 'zhao.min@example.com']);
    expect(many.body.users[1].organization_id).toBeNull();
    expect(many.body.users[1].user_fields.annual_spend).toBe(550000);
    const withOrganizations = await api.get(`/api/v2/users/show_many.json?ids=${ids.users.coreCustomer},${ids.users.noOrgCoreCustomer}&include=organizations`);
    expect(withOrganizations.body.organizations.map((o: { id: number }) => o.id)).toEqual([ids.organizations.core]);
    const override = await api.get(`/api/v2/organizations/${ids.organizations.override}.json`);
    expect(override.body.organization.organization_fields.tier_override).toBe('core');
    const groups = await api.get('/api/v2/groups.json');
    expect(groups.body.groups.map((g: { name: string }) => g.name)).toEqual(['Support', 'Supervisors', 'Department heads']);
  });

  it('merges user_fields and replaces tags on user update', async () => {
    const id = sim.ids!.users.potentialCustomer;
    const before = (await api.get(`/api/v2/users/${id}.json`)).body.user;
    expect(before.user_fields.birthday).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const res = await api.put(`/api/v2/users/${id}.json`, { user: { user_fields: { annual_spend: '250000.5' }, tags: ['only_this'] } });
    expect(res.status).toBe(200);
    expect(res.body.user.user_fields.annual_spend).toBe(250000.5);
    expect(res.body.user.user_fields.birthday).toBe(before.user_fields.birthday);
    expect(res.body.user.tags).toEqual(['only_this']);
    const bad = await api.put(`/api/v2/users/${id}.json`, { user: { user_fields: { tier_override: 'gold' } } });
    expect(bad.status).toBe(422);
  });

  it('creates custom fields and refuses a duplicate key', async () => {
    const created = await api.post('/api/v2/user_fields.json', { user_field: { key: 'nps_score', type: 'integer', title: 'NPS' } });
    expect(created.status).toBe(201);
    expect(created.body.user_field).toMatchObject({ key: 'nps_score', type: 'integer' });
    const dup = await api.post('/api/v2/user_fields.json', { user_field: { key: 'nps_score', type: 'integer', title: 'NPS again' } });
    expect(dup.status).toBe(422);
    const list = await api.get('/api/v2/user_fields.json');
    expect(list.body.user_fields.map((f: { key: string }) => f.key)).toContain('nps_score');
    const scene = await api.get(`/api/v2/ticket_fields/${sim.ids!.ticketFields.serviceScene}.json`);
    expect(scene.body.ticket_field.type).toBe('tagger');
    expect(scene.body.ticket_field.custom_field_options.map((o: { value: string }) => o.value))
      .toEqual(['scene_presale', 'scene_insale', 'scene_aftersale']);
  });
});

describe('app installations', () => {
  it('merges settings on PUT and never returns secure settings', async () => {
    const sim2 = await startZendeskSimulator({ port: 0, appSettings: { core_spend: 500000 }, secureAppSettings: { worker_secret: 's3cret' } });
    try {
      const api2 = client(sim2.url);
      const list = await api2.get('/api/v2/apps/installations.json');
      const inst = list.body.installations[0];
      expect(inst).toMatchObject({ product: 'support', enabled: true, settings: { name: 'Tierwise', title: 'Tierwise', core_spend: 500000 } });
      expect(JSON.stringify(list.body)).not.toContain('s3cret');
      const put = await api2.put(`/api/v2/apps/installations/${inst.id}.json`, { settings: { potential_spend: 100000, worker_secret: 'rotated' } });
      expect(put.body.settings).toMatchObject({ core_spend: 500000, potential_spend: 100000 });
      expect(put.body.settings.worker_secret).toBeUndefined();
      const admin = await fetchJson(`${sim2.url}/__admin/app-settings`);
      expect(admin.installations[0].secure_settings).toEqual({ worker_secret: 'rotated' });
    } finally {
      await sim2.close();
    }
  });
});

describe('admin-only account configuration', () => {
  it('answers 403 to an agent who tries to change fields or read webhooks, as Zendesk does', async () => {
    const sim = await startZendeskSimulator({ port: 0 });
    try {
      const agentAuth = `Basic ${Buffer.from('wang.fang@tierwise.test/token:sandbox-token').toString('base64')}`;
      const post = await fetch(`${sim.url}/api/v2/user_fields.json`, { method: 'POST', headers: { Authorization: agentAuth, 'Content-Type': 'application/json' }, body: JSON.stringify({ user_field: { key: 'x', type: 'text', title: 'X' } }) });
      expect(post.status).toBe(403);
      expect((await fetch(`${sim.url}/api/v2/webhooks`, { headers: { Authorization: agentAuth } })).status).toBe(403);
      expect((await fetch(`${sim.url}/api/v2/groups.json`, { headers: { Authorization: agentAuth } })).status).toBe(200);
    } finally {
      await sim.close();
    }
  });
});
