import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../shared/settings.ts';
import { isAgentReply, ticketEvents, ticketPaths, toTicketSnapshot } from './ticket.ts';

describe('ticket snapshot', () => {
  it('asks for every field in one list, with the scene field only when configured', () => {
    const paths = ticketPaths(DEFAULT_SETTINGS);
    expect(paths).toContain('ticket.requester.customField:annual_spend');
    expect(paths).toContain('ticket.organization.customField:orders_per_year');
    expect(paths.some((p) => p.startsWith('ticket.customField:'))).toBe(false);
    expect(ticketPaths({ ...DEFAULT_SETTINGS, scene_field_id: 5 })).toContain('ticket.customField:custom_field_5');
    expect(ticketEvents({ ...DEFAULT_SETTINGS, scene_field_id: 5 })).toContain('ticket.custom_field_5.changed');
  });

  it('maps the ZAF answer, skipping fields that errored', () => {
    const snapshot = toTicketSnapshot(
      {
        'ticket.id': 42,
        'ticket.createdAt': '2026-11-28T10:00:00Z',
        'ticket.status': 'OPEN',
        'ticket.priority': 'High',
        'ticket.tags': ['Scene_Presale', 'x'],
        'ticket.assignee': { user: { id: '100' }, group: { id: 1 } },
        'ticket.requester': { id: 7, name: 'Li', tags: ['pref_a'] },
        'ticket.organization': null,
        'ticket.comments': [{ author: { id: 7, role: 'end-user' }, isPublic: true }, { author: { id: 100, role: 'agent' }, isPublic: true }],
        'ticket.requester.customField:annual_spend': '620,000',
        'ticket.requester.customField:orders_per_year': 'oops',
        'currentUser.locale': 'zh-cn',
        colorScheme: 'dark',
        errors: { 'ticket.requester.customField:orders_per_year': { message: 'no field' } },
      },
      DEFAULT_SETTINGS,
    );
    expect(snapshot).toMatchObject({
      id: 42,
      createdAt: Date.UTC(2026, 10, 28, 10),
      status: 'open',
      priority: 'high',
      tags: ['scene_presale', 'x'],
      assigneeId: 100,
      requester: { id: 7, name: 'Li', tags: ['pref_a'], fields: { annual_spend: '620,000' } },
      organization: null,
      agentReplies: 1,
      locale: 'zh-cn',
      colorScheme: 'dark',
    });
  });

  it('does not count the comment that opened the ticket, even when an agent filed it', async () => {
    const { repliesAfterOpening } = await import('./ticket.ts');
    const opened = { author: { id: 100, role: 'agent' }, isPublic: true, createdAt: '2026-11-28T10:00:00Z' };
    const reply = { author: { id: 100, role: 'agent' }, isPublic: true, createdAt: '2026-11-28T10:05:00Z' };
    expect(repliesAfterOpening([opened])).toEqual([]);
    expect(repliesAfterOpening([reply, opened])).toEqual([reply]);
  });

  it('counts only public replies by staff other than the requester', () => {
    expect(isAgentReply({ author: { id: 1, role: 'agent' }, isPublic: true }, 7)).toBe(true);
    expect(isAgentReply({ author: { id: 1, role: 'admin' } }, 7)).toBe(true);
    expect(isAgentReply({ author: { id: 1, role: 360001 }, isPublic: true }, 7)).toBe(true); // custom role id
    expect(isAgentReply({ author: { id: 1, role: 'agent' }, isPublic: false }, 7)).toBe(false);
    expect(isAgentReply({ author: { id: 7, role: 'end-user' }, isPublic: true }, 7)).toBe(false);
    expect(isAgentReply({ author: { id: 7, role: 'agent' }, isPublic: true }, 7)).toBe(false);
    expect(isAgentReply({ value: 'no author' }, 7)).toBe(false);
  });
});
