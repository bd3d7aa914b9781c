/**
 * What Zendesk answers the sidebar's own API reads and writes (through `client.request`): care task
 * searches, the account manager, the external_id lookup and the task create. Anything else goes
 * to `other` (the worker's audit trail), so one fake client can serve a whole sidebar.
 */
import type { ZafRequestOptions } from '../zaf/types.ts';

export interface ZendeskAnswers {
  open?: unknown[];
  solved?: unknown[];
  /** The account manager's user record; absent = Zendesk answers 404. */
  manager?: { name: string };
  /** Tickets already carrying the follow-up's external_id. */
  existing?: unknown[];
  /** What the create answers; an Error is thrown like a refused request. */
  created?: unknown;
  other?: (options: ZafRequestOptions) => unknown;
}

export const notFound = { status: 404, statusText: 'Not Found', responseText: '{"error":"RecordNotFound"}' };

export function zendeskAnswers(answers: ZendeskAnswers = {}) {
  return (raw: unknown): unknown => {
    const options = (typeof raw === 'string' ? { url: raw } : raw) as ZafRequestOptions;
    const url = options.url;
    if (url.startsWith('/api/v2/search.json')) {
      const query = new URL(url, 'https://x.zendesk.com').searchParams.get('query') ?? '';
      return { results: query.includes('status<solved') ? (answers.open ?? []) : (answers.solved ?? []), facets: null, next_page: null, previous_page: null, count: 0 };
    }
    if (url.startsWith('/api/v2/users/')) {
      if (!answers.manager) throw notFound;
      return { user: answers.manager };
    }
    if (url.startsWith('/api/v2/tickets.json?external_id=')) return { tickets: answers.existing ?? [], next_page: null, previous_page: null, count: answers.existing?.length ?? 0 };
    if (url === '/api/v2/tickets.json' && options.type === 'POST') {
      if (answers.created instanceof Error) throw answers.created;
      return answers.created ?? { ticket: { id: 900 } };
    }
    if (answers.other) return answers.other(options);
    throw new Error(`unexpected request ${options.type ?? 'GET'} ${url}`);
  };
}
