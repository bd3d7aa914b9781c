/**
 * What the worker reads from the Zendesk account, cached: settings, groups and customers. Every
 * key starts with the account (accountKey), like every other stored thing.
 */
import { parseSettings, type ParsedSettings } from '../../../shared/settings.ts';
import type { CustomerData } from '../../../shared/tier.ts';
import type { Env } from '../env.ts';
import { log } from '../log.ts';
import { accountKey } from './account-key.ts';
import { TtlCache } from './cache.ts';
import { configuredInstallation, findInstallation, SettingsUnavailable, type InstallationState } from './installation.ts';
import type { ZendeskClient } from './client.ts';

const settingsCache = new TtlCache<AccountSettings>(60_000, 10);
const groupCache = new TtlCache<Map<string, number>>(300_000, 10);
const customerCache = new TtlCache<CustomerData>(300_000);
const memberCache = new TtlCache<readonly number[]>(300_000, 100);
const nameCache = new TtlCache<string>(300_000, 1_000);

/** The configured installation's state, and its settings when it is usable. */
export interface AccountSettings {
  installation: InstallationState;
  parsed: ParsedSettings | null;
}

/** The installation the worker is told, checked, with its settings (cached for a minute). */
export async function readAccountSettings(client: ZendeskClient, env: Env): Promise<AccountSettings> {
  return settingsCache.get(accountKey(env), async () => {
    const configured = configuredInstallation(env);
    if (!('id' in configured)) return { installation: configured, parsed: null };
    const { state, installation } = findInstallation(configured.id, await client.listInstallations());
    if (state.state !== 'ok' || !installation) return { installation: state, parsed: null };
    const parsed = parseSettings(installation.settings ?? {});
    for (const problem of parsed.problems) log.warn('app setting invalid, default used', { setting: problem.setting, detail: problem.message });
    return { installation: state, parsed };
  });
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
  const groups = await groupCache.get(accountKey(env), async () => new Map((await client.listGroups()).filter((g) => !g.deleted).map((g) => [g.name.trim().toLowerCase(), g.id])));
  return groups.get(nameOrId.trim().toLowerCase()) ?? null;
}

/** A group's members (user ids), cached like the groups. */
export async function loadGroupMembers(client: ZendeskClient, env: Env, groupId: number): Promise<readonly number[]> {
  return memberCache.get(`${accountKey(env)}/group:${groupId}`, () => client.groupMembers(groupId));
}

/** A user's name (for an internal note), cached; never logged. */
export async function loadUserName(client: ZendeskClient, env: Env, userId: number): Promise<string> {
  return nameCache.get(`${accountKey(env)}/user-name:${userId}`, async () => (await client.getUser(userId)).name);
}

/** The requester's user and organization data; `fresh` skips the cache (the data just changed). */
export async function loadCustomer(client: ZendeskClient, env: Env, requesterId: number | null, options: { fresh?: boolean } = {}): Promise<CustomerData> {
  if (requesterId === null) return {};
  const key = `${accountKey(env)}/user:${requesterId}`;
  if (options.fresh) customerCache.delete(key);
  return customerCache.get(key, async () => {
    const { user, organizations } = await client.getUserWithOrganizations(requesterId);
    const organization = organizations.find((o) => o.id === user.organization_id) ?? organizations[0] ?? null;
    return {
      user: { name: user.name, fields: user.user_fields ?? {} },
      organization: organization ? { name: organization.name, fields: organization.organization_fields ?? {} } : null,
    };
  });
}

/** For tests: start from a cold cache. */
export function clearAccountCaches(): void {
  settingsCache.clear();
  groupCache.clear();
  customerCache.clear();
  memberCache.clear();
  nameCache.clear();
}
