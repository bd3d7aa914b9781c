import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startZendeskSimulator } from './server.ts';
import type { RunningSimulator } from './server.ts';
import { client } from './test-helpers.ts';

describe('search', () => {
  let sim: RunningSimulator;
  let api: ReturnType<typeof client>;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    sim = await startZendeskSimulator({ port: 0 });
    api = client(sim.url);
    const requester = sim.ids!.users.coreCustomer;
    const imp = async (name: string, created: string, status: string, tags: string[]) => {
      const r = await api.post('/api/v2/imports/tickets.json', {
        ticket: { subject: name, requester_id: requester, status, tags, created_at: created, updated_at: created, comments: [{ author_id: requester, value: name }],
          ...(status === 'solved' ? { assignee_id: sim.ids!.users.agent } : {}) },
      });
      ids[name] = r.body.ticket.id;
    };
    await imp('old-new', '2025-12-01T00:00:00Z', 'new', ['escalated']);
    await imp('old-open', '2025-12-15T00:00:00Z', 'open', []);
    await imp('mid-pending', '2026-01-10T00:00:00Z', 'pending', ['escalated', 'vip']);
    await imp('late-solved', '2026-02-01T00:00:00Z', 'solved', []);
  });
  afterAll(async () => sim.close());

  const q = async (query: string, extra = '') => api.get(`/api/v2/search.json?query=${encodeURIComponent(query)}${extra}`);
  const names = (body: { results: { subject: string }[] }) => body.results.map((r) => r.subject);

  it('filters by status ranges, tags and dates', async () => {
    expect(names((await q('type:ticket status<solved')).body).sort()).toEqual(['mid-pending', 'old-new', 'old-open']);
    expect(names((await q('type:ticket status:open')).body)).toEqual(['old-open']);
    expect(names((await q('type:ticket tags:escalated -tags:vip')).body)).toEqual(['old-new']);
    expect(names((await q('type:ticket updated>2026-01-01T00:00:00Z')).body).sort()).toEqual(['late-solved', 'mid-pending']);
    expect(names((await q('type:ticket created<2026-01-01')).body).sort()).toEqual(['old-new', 'old-open']);
  });

  it('orders, pages and counts results', async () => {
    const asc = await q('type:ticket order_by:updated_at sort:asc', '&per_page=2');
    expect(asc.status).toBe(200);
    expect(names(asc.body)).toEqual(['old-new', 'old-open']);
    expect(asc.body.count).toBe(4);
    expect(asc.body.results[0].result_type).toBe('ticket');
    const next = await api.get(asc.body.next_page.replace(sim.url, ''));
    expect(names(next.body)).toEqual(['mid-pending', 'late-solved']);
    expect(next.body.next_page).toBeNull();
    const count = await api.get(`/api/v2/search/count.json?query=${encodeURIComponent('type:ticket status<solved')}`);
    expect(count.body).toEqual({ count: 3 });
  });

  it('refuses pages beyond the 1,000 result limit with 422', async () => {
    const res = await q('type:ticket', '&page=11&per_page=100');
    expect(res.status).toBe(422);
    const ok = await q('type:ticket', '&page=10&per_page=100');
    expect(ok.status).toBe(200);
  });

  it('finds users by email', async () => {
    const res = await q('type:user email:zhang.wei@example.com');
    expect(res.body.results).toHaveLength(1);
    expect(res.body.results[0]).toMatchObject({ result_type: 'user', name: '张伟 Zhang Wei' });
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After beyond the per-minute limit and sends rate-limit headers', async () => {
    const sim = await startZendeskSimulator({ port: 0, rateLimitPerMinute: 3 });
    try {
      const api = client(sim.url);
      const first = await api.get('/api/v2/users/me.json');
      expect(first.headers.get('x-rate-limit')).toBe('3');
      expect(first.headers.get('x-rate-limit-remaining')).toBe('2');
      expect(first.headers.get('ratelimit-remaining')).toBe('2');
      await api.get('/api/v2/users/me.json');
      await api.get('/api/v2/users/me.json');
      const limited = await api.get('/api/v2/users/me.json');
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      expect(limited.body.error).toBe('APIRateLimitExceeded');
      // The admin API is not rate limited and can lift the limit.
      const faults = await fetch(`${sim.url}/__admin/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ rateLimitPerMinute: 0 }) });
      expect(faults.status).toBe(200);
      expect((await api.get('/api/v2/users/me.json')).status).toBe(200);
    } finally {
      await sim.close();
    }
  });
});
