/**
 * The user and organization sidebars' data.
 *
 * Organization sidebar: ONE `client.get` (the organization object exposes
 * `organization.customField:<key>`).
 * User sidebar: ZAF's user object has the user's custom fields but not its organization's,
 * and the tier normally follows the organization, so it makes one `client.get` (who, in which
 * language) and ONE REST call, `/api/v2/users/{id}.json?include=organizations`, which returns
 * the user's fields and tags and every organization's fields and tags together.
 */
import type { Settings } from '../../shared/settings.ts';
import { normaliseTags } from '../../shared/tags.ts';
import type { ZafGetResult } from '../zaf/types.ts';
import { customerFieldKeys, toColorScheme, toId, type CustomerRecordView } from './ticket.ts';

export interface ProfileSnapshot {
  user: CustomerRecordView | null;
  organization: CustomerRecordView | null;
  locale: string | null;
  colorScheme: 'light' | 'dark' | null;
}

type Obj = Record<string, unknown>;
const asObject = (value: unknown): Obj => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : {});

export const USER_PATHS = ['user.id', 'currentUser.locale', 'colorScheme'] as const;

export function userUrl(userId: number): string {
  return `/api/v2/users/${userId}.json?include=organizations`;
}

export function userEvents(settings: Settings): string[] {
  return ['user.tags.changed', 'user.organizations.changed', ...customerFieldKeys(settings).map((key) => `user.${key}.changed`)];
}

function restRecord(value: unknown, fieldsKey: 'user_fields' | 'organization_fields'): CustomerRecordView | null {
  const obj = asObject(value);
  const id = toId(obj.id);
  if (id === null) return null;
  return { id, name: typeof obj.name === 'string' ? obj.name : null, tags: normaliseTags(Array.isArray(obj.tags) ? obj.tags : []), fields: { ...asObject(obj[fieldsKey]) } };
}

/** `{user, organizations}` from the REST call: the user's default organization, else the first. */
export function fromUserResponse(response: unknown, prefs: ZafGetResult): ProfileSnapshot {
  const body = asObject(typeof response === 'string' ? JSON.parse(response) : response);
  const user = restRecord(body.user, 'user_fields');
  const organizations = Array.isArray(body.organizations) ? body.organizations : [];
  const defaultId = toId(asObject(body.user).organization_id);
  const organization = organizations.find((o) => toId(asObject(o).id) === defaultId) ?? organizations[0];
  return {
    user,
    organization: restRecord(organization, 'organization_fields'),
    locale: typeof prefs['currentUser.locale'] === 'string' ? prefs['currentUser.locale'] : null,
    colorScheme: toColorScheme(prefs.colorScheme),
  };
}

export function organizationPaths(settings: Settings): string[] {
  return ['organization', 'currentUser.locale', 'colorScheme', ...customerFieldKeys(settings).map((key) => `organization.customField:${key}`)];
}

export function organizationEvents(settings: Settings): string[] {
  return ['organization.tags.changed', 'organization.name.changed', ...customerFieldKeys(settings).map((key) => `organization.${key}.changed`)];
}

export function fromOrganizationGet(result: ZafGetResult, settings: Settings): ProfileSnapshot {
  const obj = asObject(result.organization);
  const id = toId(obj.id);
  const fields: Record<string, unknown> = {};
  for (const key of customerFieldKeys(settings)) {
    const path = `organization.customField:${key}`;
    if (result.errors?.[path] === undefined && result[path] !== undefined) fields[key] = result[path];
  }
  return {
    user: null,
    organization: id === null ? null : { id, name: typeof obj.name === 'string' ? obj.name : null, tags: normaliseTags(Array.isArray(obj.tags) ? obj.tags : []), fields },
    locale: typeof result['currentUser.locale'] === 'string' ? result['currentUser.locale'] : null,
    colorScheme: toColorScheme(result.colorScheme),
  };
}
