import { describe, expect, it } from 'vitest';
import { answerGet, lookupPath } from './host/paths.ts';
import { recordChangeEvents, ticketChangeEvents } from './host/changes.ts';
import { requestOutcome } from './host/responses.ts';
import { MANIFEST_POLICY, prepareRequest, securePolicy, substituteSettings } from './proxy.ts';
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
    const policy = securePolicy({ domainWhitelist: ['w'], parameters: [{ name: 'worker_token', secure: true }] });
    const secure = prepareRequest({ url: '{{setting.worker_url}}/api', headers: { Authorization: 'Bearer {{setting.worker_token}}' }, secure: true }, settings, policy);
    expect(secure).toMatchObject({ url: 'http://w/api', headers: { authorization: 'Bearer s3cret' }, relative: false });
    const plain = prepareRequest({ url: '/api/v2/x.json', headers: { Authorization: 'Bearer {{setting.worker_token}}' } }, settings, policy);
    expect(plain.headers['authorization']).toBe('Bearer {{setting.worker_token}}');
    expect(plain.relative).toBe(true);
    expect(substituteSettings('{{ setting.unknown }}', settings)).toBe('{{ setting.unknown }}');
  });

  it('puts a secure setting only into requests to a whitelisted host, and only where its scopes allow', () => {
    const settings = { worker_url: 'https://worker.example', worker_token: 's3cret' };
    const policy = securePolicy({
      domainWhitelist: ['worker.example'],
      parameters: [{ name: 'worker_url' }, { name: 'worker_token', secure: true, scopes: ['header'] }],
    });
    const header = { Authorization: 'Bearer {{setting.worker_token}}' };
    const allowed = prepareRequest({ url: '{{setting.worker_url}}/api', headers: header, secure: true }, settings, policy);
    expect(allowed).toMatchObject({ url: 'https://worker.example/api', headers: { authorization: 'Bearer s3cret' } });
    // Another host: the placeholder is sent as written, never the secret.
    const elsewhere = prepareRequest({ url: 'https://attacker.example/api', headers: header, secure: true }, settings, policy);
    expect(elsewhere.headers['authorization']).toBe('Bearer {{setting.worker_token}}');
    const sameNameOtherPort = prepareRequest({ url: 'https://worker.example.evil.test/api', headers: header, secure: true }, settings, policy);
    expect(sameNameOtherPort.headers['authorization']).toBe('Bearer {{setting.worker_token}}');
    // Whitelisted host, but outside the setting's scopes (body, URL): left as written.
    const body = prepareRequest({ url: 'https://worker.example/echo', type: 'POST', contentType: 'application/json', data: '{"t":"{{setting.worker_token}}"}', secure: true }, settings, policy);
    expect(body.body).toBe('{"t":"{{setting.worker_token}}"}');
    const query = prepareRequest({ url: 'https://worker.example/echo?t={{setting.worker_token}}', secure: true }, settings, policy);
    expect(query.url).toBe('https://worker.example/echo?t={{setting.worker_token}}');
    // Relative requests go to Zendesk itself, which is not a whitelisted worker host.
    expect(prepareRequest({ url: '/api/v2/x.json', headers: header, secure: true }, settings, policy).headers['authorization']).toBe('Bearer {{setting.worker_token}}');
  });

  it('follows the hosted app\'s own manifest: worker_token in headers only, to the whitelisted hosts', () => {
    expect(MANIFEST_POLICY.scopes).toEqual({ worker_token: ['header'] });
    expect(MANIFEST_POLICY.domains).toEqual(['localhost', '127.0.0.1']);
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
