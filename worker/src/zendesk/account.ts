/**
 * What the worker reads from the Zendesk account, cached: settings, groups and customers. Every
 * key starts with the account (accountKey), like every other stored thing.
 *
 * Two layers: the isolate's memory (TtlCache: a burst of misses makes one load), and in front of
 * Zendesk the entries every isolate shares in D1 (shared-cache.ts). On Cloudflare ticket objects
 * are spread over isolates and machines, so the shared layer is what keeps a created ticket at
 * one PUT once its customer is known. TIERWISE_ISOLATE_CACHE=off skips the memory layer (the
 * bench measures every object as if it ran on a cold isolate).
 */
import { parseSettings, type ParsedSettings } from '../../../shared/settings.ts';
import type { CustomerData } from '../../../shared/tier.ts';
import type { Env } from '../env.ts';
import { log } from '../log.ts';
import { accountKey } from './account-key.ts';
import { TtlCache } from './cache.ts';
import { configuredInstallation, findInstallation, SettingsUnavailable, type InstallationState } from './installation.ts';
import type { ZendeskClient } from './client.ts';
import { readUser } from './gathered-reads.ts';
import { forgetAll, readShared, writeShared } from './shared-cache.ts';

const SETTINGS_TTL_MS = 60_000;
const GROUPS_TTL_MS = 300_000;
/**
 * Change events drop a customer's shared entry at once; the expiry bounds a missed event (as the
 * isolate memory did), and a run that follows missed webhooks (the sweep's) reads afresh.
 */
const CUSTOMER_TTL_MS = 300_000;

const settingsCache = new TtlCache<AccountSettings>(SETTINGS_TTL_MS, 10);
const groupCache = new TtlCache<Map<string, number>>(GROUPS_TTL_MS, 10);
const customerCache = new TtlCache<CustomerData>(CUSTOMER_TTL_MS);
const memberCache = new TtlCache<readonly number[]>(GROUPS_TTL_MS, 100);
const nameCache = new TtlCache<string>(300_000, 1_000);

interface Loaded<S> {
  stored: S;
  organizationId?: number | null;
}

/**
 * The value under `key`: from memory, else from the shared entries, else from Zendesk (and then
 * shared). `fresh` goes to Zendesk whatever is cached. The shared layer is a cache: when D1
 * fails, the value comes from Zendesk and the failure is logged, the run goes on.
 */
async function cached<V, S>(env: Env, memory: TtlCache<V>, key: string, sharedTtlMs: number, fromZendesk: () => Promise<Loaded<S>>, toValue: (stored: S) => V, options: { fresh?: boolean } = {}): Promise<V> {
  const account = accountKey(env);
  const load = async (): Promise<V> => {
    const now = Date.now();
    if (!options.fresh) {
      const hit = await readShared(env.DB, account, key, now).catch((error: unknown) => sharedFailed('read', error));
      if (hit) return toValue(JSON.parse(hit) as S);
    }
    const { stored, organizationId } = await fromZendesk();
    await writeShared(env.DB, account, key, { value: JSON.stringify(stored), organizationId }, now + sharedTtlMs).catch((error: unknown) => sharedFailed('write', error));
    return toValue(stored);
  };
  if (env.TIERWISE_ISOLATE_CACHE === 'off') return load();
  const memoryKey = `${account}/${key}`;
  if (options.fresh) memory.delete(memoryKey);
  return memory.get(memoryKey, load);
}

function sharedFailed(what: 'read' | 'write', error: unknown): null {
  log.warn(`shared Zendesk cache ${what} failed; asking Zendesk`, { error: error instanceof Error ? error.message : String(error) });
  return null;
}

/** The configured installation's state, and its settings when it is usable. */
export interface AccountSettings {
  installation: InstallationState;
  parsed: ParsedSettings | null;
}

/** What the shared layer keeps of the installation: its state and raw settings (parsed on read). */
interface StoredAccountSettings {
  installation: InstallationState;
  settings: Record<string, unknown> | null;
}

/** The installation the worker is told, checked, with its settings (cached for a minute, shared by every isolate). */
export async function readAccountSettings(client: ZendeskClient, env: Env): Promise<AccountSettings> {
  return cached(env, settingsCache, 'settings', SETTINGS_TTL_MS, async (): Promise<Loaded<StoredAccountSettings>> => {
    const configured = configuredInstallation(env);
    if (!('id' in configured)) return { stored: { installation: configured, settings: null } };
    const { state, installation } = findInstallation(configured.id, await client.listInstallations());
    if (state.state !== 'ok' || !installation) return { stored: { installation: state, settings: null } };
    for (const problem of parseSettings(installation.settings ?? {}).problems) log.warn('app setting invalid, default used', { setting: problem.setting, detail: problem.message });
    return { stored: { installation: state, settings: installation.settings ?? {} } };
  }, ({ installation, settings }) => ({ installation, parsed: settings === null ? null : parseSettings(settings) }));
}

/** The app settings, or `SettingsUnavailable` (retried later: nothing acts on defaults) when the installation is not usable. */
export async function loadSettings(client: ZendeskClient, env: Env): Promise<ParsedSettings> {
  const { installation, parsed } = await readAccountSettings(client, env);
  if (installation.state !== 'ok' || !parsed) {
    const problem = installation as Exclude<InstallationState, { state: 'ok' }>;
    log.error('app installation not usable; nothing acts until it is fixed', { problem: problem.state });
    throw new SettingsUnavailable(problem);
  }
  return parsed;
}

/** Group id by name (case-insensitive) or by a numeric id given as the setting. */
export async function resolveGroup(client: ZendeskClient, env: Env, nameOrId: string): Promise<number | null> {
  if (/^\d+$/.test(nameOrId)) return Number(nameOrId);
  const groups = await cached(env, groupCache, 'groups', GROUPS_TTL_MS, async () => ({
    stored: (await client.listGroups()).filter((g) => !g.deleted).map((g): [string, number] => [g.name.trim().toLowerCase(), g.id]),
  }), (pairs: Array<[string, number]>) => new Map(pairs));
  return groups.get(nameOrId.trim().toLowerCase()) ?? null;
}

/** A group's members (user ids), cached like the groups. */
export async function loadGroupMembers(client: ZendeskClient, env: Env, groupId: number): Promise<readonly number[]> {
  return cached(env, memberCache, `group:${groupId}:members`, GROUPS_TTL_MS, async () => ({ stored: await client.groupMembers(groupId) }), (ids: number[]) => ids);
}

/** A user's name (for an internal note), cached in this isolate only; never logged. */
export async function loadUserName(client: ZendeskClient, env: Env, userId: number): Promise<string> {
  return nameCache.get(`${accountKey(env)}/user-name:${userId}`, async () => (await client.getUser(userId)).name);
}

/** The requester's user and organization data; `fresh` skips the caches (the data just changed). */
export async function loadCustomer(client: ZendeskClient, env: Env, requesterId: number | null, options: { fresh?: boolean } = {}): Promise<CustomerData> {
  if (requesterId === null) return {};
  return cached(env, customerCache, `user:${requesterId}`, CUSTOMER_TTL_MS, async () => {
    // A fresh read follows a change: it is sent now, not gathered with reads asked before it.
    const { user, organizations } = options.fresh ? await client.getUserWithOrganizations(requesterId) : await readUser(env, client, requesterId);
    const organization = organizations.find((o) => o.id === user.organization_id) ?? organizations[0] ?? null;
    const data: CustomerData = {
      user: { name: user.name, fields: user.user_fields ?? {} },
      organization: organization ? { name: organization.name, fields: organization.organization_fields ?? {} } : null,
    };
    return { stored: data, organizationId: organization?.id ?? null };
  }, (data: CustomerData) => data, options);
}

/** For tests: start from cold caches, this isolate's memory and the account's shared entries. */
export async function clearAccountCaches(env: Pick<Env, 'DB' | 'ZENDESK_BASE_URL'>): Promise<void> {
  await forgetAll(env.DB, accountKey(env));
  clearIsolateCaches();
}

/** For tests: this isolate's memory only, as when an object starts on another isolate. */
export function clearIsolateCaches(): void {
  settingsCache.clear();
  groupCache.clear();
  customerCache.clear();
  memberCache.clear();
  nameCache.clear();
}
