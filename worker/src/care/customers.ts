/**
 * The customers the care run plans for, read with Zendesk's Export Search Results (cursor pages of
 * up to 1,000, no 1,000-result ceiling): every organization, and every end user without one
 * (docs/rules.md#tiers: organization first, then user). Each page is one request of the account's
 * budget; the caller stores the cursor between pages so a spent budget resumes where it stopped.
 */
import { type CareCustomer } from '../../../shared/care/plan.ts';
import { readDate } from '../../../shared/care/dates.ts';
import type { Settings } from '../../../shared/settings.ts';
import { classifyTier } from '../../../shared/tier.ts';
import { ZendeskError, type ZendeskClient } from '../zendesk/client.ts';

export type ExportType = 'organization' | 'user';

/** What the run keeps of a customer record between pages (no names, no e-mail addresses). */
export interface CustomerRecord {
  kind: ExportType;
  id: number;
  organizationId: number | null;
  fields: Record<string, unknown>;
  tags: string[];
}

interface ExportPage {
  results: Array<{ id: number; organization_id?: number | null; role?: string; user_fields?: Record<string, unknown> | null; organization_fields?: Record<string, unknown> | null; tags?: string[] }>;
  meta: { has_more: boolean; after_cursor: string | null };
}

const QUERY: Record<ExportType, string> = { organization: 'type:organization', user: 'type:user role:end-user' };
export const EXPORT_PAGE_SIZE = 1000;

export async function exportPage(client: ZendeskClient, type: ExportType, after: string | null): Promise<{ records: CustomerRecord[]; after: string | null }> {
  const params = new URLSearchParams({ query: QUERY[type], 'filter[type]': type, 'page[size]': String(EXPORT_PAGE_SIZE), ...(after ? { 'page[after]': after } : {}) });
  const page = await client.request<ExportPage>('GET', `/api/v2/search/export.json?${params}`);
  const records = page.results.map((r) => ({
    kind: type,
    id: r.id,
    organizationId: r.organization_id ?? null,
    fields: (type === 'user' ? r.user_fields : r.organization_fields) ?? {},
    tags: r.tags ?? [],
  }));
  return { records, after: page.meta.has_more ? page.meta.after_cursor : null };
}

const positiveId = (value: unknown): number | null => {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : null;
};

/**
 * The planner's view of a customer record: its tier, care dates, last interaction, manager. A
 * user of an organization customer is a member: their own care dates, the organization's manager.
 */
export function toCareCustomer(record: CustomerRecord, settings: Settings, churnTag: string, organization?: CareCustomer): CareCustomer {
  const data = { name: null, fields: record.fields };
  const tier = classifyTier(record.kind === 'organization' ? { organization: data } : { user: data }, settings).tier;
  return {
    kind: record.kind,
    id: record.id,
    tier,
    lastInteraction: readDate(record.fields[settings.last_interaction_field]),
    birthday: readDate(record.fields[settings.birthday_field]),
    anniversary: readDate(record.fields[settings.anniversary_field]),
    churnTagged: record.tags.includes(churnTag),
    accountManagerId: positiveId(record.fields[settings.account_manager_field]) ?? organization?.accountManagerId ?? null,
    ...(organization ? { member: true } : {}),
  };
}

/** One customer's record, as the export gives it (for a return call between daily runs); null when gone. */
export async function readCustomer(client: ZendeskClient, ref: { kind: ExportType; id: number }): Promise<CustomerRecord | null> {
  const resource = ref.kind === 'user' ? 'users' : 'organizations';
  try {
    const body = await client.request<Record<ExportType, ExportPage['results'][number]>>('GET', `/api/v2/${resource}/${ref.id}.json`);
    const r = body[ref.kind];
    return { kind: ref.kind, id: r.id, organizationId: r.organization_id ?? null, fields: (ref.kind === 'user' ? r.user_fields : r.organization_fields) ?? {}, tags: r.tags ?? [] };
  } catch (error) {
    if (error instanceof ZendeskError && error.status === 404) return null;
    throw error;
  }
}
