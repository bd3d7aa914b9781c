/**
 * The care tasks' ticket form (`npm run zendesk:setup` creates it, by name), so a task opens with
 * the follow-up record's fields. Read at most every 5 minutes per account; on plans without
 * ticket forms Zendesk answers 403, and tasks are created without a form.
 */
import { FOLLOW_UP_FORM_NAME } from '../../../shared/care/follow-up.ts';
import type { Env } from '../env.ts';
import { accountKey } from '../zendesk/account-key.ts';
import { TtlCache } from '../zendesk/cache.ts';
import { ZendeskError, type ZendeskClient } from '../zendesk/client.ts';

const forms = new TtlCache<number | null>(300_000, 10);

export function followUpFormId(client: ZendeskClient, env: Pick<Env, 'ZENDESK_BASE_URL'>): Promise<number | null> {
  return forms.get(accountKey(env), async () => {
    try {
      const { ticket_forms } = await client.request<{ ticket_forms: Array<{ id: number; name: string; active?: boolean }> }>('GET', '/api/v2/ticket_forms.json');
      return ticket_forms.find((f) => f.active !== false && f.name.trim().toLowerCase() === FOLLOW_UP_FORM_NAME.toLowerCase())?.id ?? null;
    } catch (error) {
      if (error instanceof ZendeskError && error.status === 403) return null;
      throw error;
    }
  });
}
