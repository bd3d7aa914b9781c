import { describe, expect, it } from 'vitest';
import { answerGet, lookupPath } from './host/paths.ts';
import { recordChangeEvents, ticketChangeEvents } from './host/changes.ts';
import { requestOutcome } from './host/responses.ts';
import { prepareRequest, substituteSettings } from './proxy.ts';
import { zafTicket } from './zaf-model.ts';

const ticket = zafTicket({
  ticket: { id: 7, subject: 'Line down', status: 'open', priority: 'normal', tags: ['a'], requester_id: 5, assignee_id: null, group_id: 3, custom_fields: [{ id: 99, value: 'aftersale' }] },
  requester: { id: 5, name: 'Zhang Wei', email: 'z@example.com', role: 'end-user', user_fields: { annual_spend: 1 } },
  requesterOrganizations: [],
  organization: { id: 8, name: 'Acme', organization_fields: { annual_spend: 620000 } },
  assignee: null,
  groups: [{ id: 3, name: 'Support' }],
  comments: [],
});
const root = { ticket, colorScheme: 'light' };

describe('get paths', () => {
  it('resolves properties, custom fields by path, and nulls under null', () => {
    const result = answerGet(root, ['ticket.id', 'ticket.requester.customField:annual_spend', 'ticket.organization.customField:annual_spend', 'ticket.customField:custom_field_99', 'ticket.assignee.user.name', 'colorScheme']);
    expect(result).toEqual({
      'ticket.id': 7,
      'ticket.requester.customField:annual_spend': 1,
      'ticket.organization.customField:annual_spend': 620000,
      'ticket.customField:custom_field_99': 'aftersale',
      'ticket.assignee.user.name': null,
      colorScheme: 'light',
      errors: {},
    });
  });

  it('reports unknown paths like Zendesk and never exposes the custom field carrier', () => {
    const result = answerGet(root, ['ticket.nope', 'ticket.$customFields', 'ticket.requester.customField:missing']);
    expect(Object.keys(result.errors as object)).toEqual(['ticket.nope', 'ticket.$customFields', 'ticket.requester.customField:missing']);
    expect(JSON.stringify(lookupPath(root, 'ticket'))).not.toContain('$customFields');
  });
});

describe('change events', () => {
  it('names the fields that changed', () => {
    const after = { ...ticket, priority: 'high', tags: ['a', 'b'], assignee: { user: { id: 1 }, group: { id: 3, name: 'Support' } }, $customFields: { custom_field_99: 'presale' } };
    expect(ticketChangeEvents(ticket, after).map((e) => e.name)).toEqual([
      'ticket.priority.changed', 'ticket.tags.changed', 'ticket.assignee.changed', 'ticket.assignee.user.id.changed', 'ticket.custom_field_99.changed',
    ]);
    expect(ticketChangeEvents(ticket, ticket)).toEqual([]);
    expect(ticketChangeEvents(ticket, { ...ticket, tags: ['a'] })).toEqual([]);
  });

  it('covers user and organization sidebars', () => {
    expect(recordChangeEvents('user', { tags: [], $customFields: { a: 1 } }, { tags: ['x'], $customFields: { a: 2 } }).map((e) => e.name)).toEqual(['user.tags.changed', 'user.a.changed']);
  });
});

describe('request proxy', () => {
  it('substitutes settings only for secure requests', () => {
    const settings = { worker_url: 'http://w', worker_token: 's3cret' };
    const secure = prepareRequest({ url: '{{setting.worker_url}}/api', headers: { Authorization: 'Bearer {{setting.worker_token}}' }, secure: true }, settings);
    expect(secure).toMatchObject({ url: 'http://w/api', headers: { authorization: 'Bearer s3cret' }, relative: false });
    const plain = prepareRequest({ url: '/api/v2/x.json', headers: { Authorization: 'Bearer {{setting.worker_token}}' } }, settings);
    expect(plain.headers['authorization']).toBe('Bearer {{setting.worker_token}}');
    expect(plain.relative).toBe(true);
    expect(substituteSettings('{{ setting.unknown }}', settings)).toBe('{{ setting.unknown }}');
  });

  it('sends data like jQuery: query for GET, JSON or form for the rest', () => {
    expect(prepareRequest({ url: '/a', data: { q: 'x y' } }, {}).url).toBe('/a?q=x+y');
    expect(prepareRequest({ url: '/a', type: 'POST', contentType: 'application/json', data: { a: 1 } }, {}).body).toBe('{"a":1}');
    expect(prepareRequest({ url: '/a', type: 'POST', data: { a: 1 } }, {}).body).toBe('a=1');
  });
});

describe('request responses', () => {
  const json = { status: 200, statusText: 'OK', headers: { 'content-type': 'application/json' }, body: '{"a":1}' };
  it('resolves with the parsed body, rejects with an xhr-like object', () => {
    expect(requestOutcome(json, {})).toMatchObject({ ok: true, responseArgs: [{ a: 1 }, 'success', { status: 200 }] });
    expect(requestOutcome({ ...json, status: 404, statusText: 'Not Found' }, {})).toMatchObject({ ok: false, responseArgs: [{ status: 404, responseJSON: { a: 1 } }, 'error', 'Not Found'] });
    expect(requestOutcome(json, { httpCompleteResponse: true })).toMatchObject({ ok: true, responseArgs: [{ status: 200, responseJSON: { a: 1 }, responseText: '{"a":1}' }] });
    expect(requestOutcome({ ...json, headers: { 'content-type': 'text/plain' }, body: 'hi' }, {})).toMatchObject({ ok: true, responseArgs: ['hi', 'success', { status: 200 }] });
  });
});
