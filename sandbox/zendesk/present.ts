// JSON presentation of stored records as the Zendesk API returns them.
import type { SimulatorStore } from './store.ts';
import type {
  AppInstallation, Comment, CustomField, Group, Organization, Ticket, Trigger, User, Webhook,
} from './types.ts';

export const presentTicket = (base: string, t: Ticket): Record<string, unknown> => ({
  url: `${base}/api/v2/tickets/${t.id}.json`,
  id: t.id,
  external_id: t.external_id,
  ticket_form_id: t.ticket_form_id,
  via: t.via,
  created_at: t.created_at,
  updated_at: t.updated_at,
  type: t.type,
  subject: t.subject,
  raw_subject: t.raw_subject,
  description: t.description,
  priority: t.priority,
  status: t.status,
  recipient: null,
  requester_id: t.requester_id,
  submitter_id: t.submitter_id,
  assignee_id: t.assignee_id,
  organization_id: t.organization_id,
  group_id: t.group_id,
  collaborator_ids: [],
  follower_ids: [...(t.follower_ids ?? [])],
  email_cc_ids: [],
  has_incidents: false,
  is_public: t.is_public,
  due_at: t.due_at,
  tags: [...t.tags],
  custom_fields: t.custom_fields.map((f) => ({ ...f })),
  fields: t.custom_fields.map((f) => ({ ...f })),
  satisfaction_rating: null,
  sharing_agreement_ids: [],
  brand_id: 1,
  allow_channelback: false,
  allow_attachments: true,
  from_messaging_channel: false,
});

export const presentUser = (base: string, u: User): Record<string, unknown> => ({
  url: `${base}/api/v2/users/${u.id}.json`,
  ...u,
  tags: [...u.tags],
  user_fields: { ...u.user_fields },
  shared: false,
  suspended: false,
  moderator: u.role !== 'end-user',
  ticket_restriction: u.role === 'end-user' ? 'requested' : u.ticket_restriction ?? null,
  role_type: null,
  restricted_agent: u.role === 'agent' && (u.ticket_restriction ?? null) !== null,
  // Documented user properties the simulator has no use for, with their plain values (e2e/contract).
  iana_time_zone: u.time_zone,
  shared_phone_number: null,
  photo: null,
  locale_id: u.locale.toLowerCase().startsWith('zh') ? 10 : 1,
  alias: '',
  shared_agent: false,
  last_login_at: null,
  two_factor_auth_enabled: null,
  signature: null,
  custom_role_id: null,
  only_private_comments: false,
  report_csv: false,
});

export const presentOrganization = (base: string, o: Organization): Record<string, unknown> => ({
  url: `${base}/api/v2/organizations/${o.id}.json`,
  ...o,
  domain_names: [...o.domain_names],
  tags: [...o.tags],
  organization_fields: { ...o.organization_fields },
});

export const presentGroup = (base: string, g: Group): Record<string, unknown> => ({
  url: `${base}/api/v2/groups/${g.id}.json`,
  ...g,
});

const FIELD_PATH = { user_field: 'user_fields', organization_field: 'organization_fields', ticket_field: 'ticket_fields' } as const;

export function presentField(base: string, f: CustomField): Record<string, unknown> {
  const out: Record<string, unknown> = {
    url: `${base}/api/v2/${FIELD_PATH[f.kind]}/${f.id}.json`,
    id: f.id,
    type: f.type,
    title: f.title,
    raw_title: f.title,
    description: f.description,
    raw_description: f.description,
    position: f.position,
    active: f.active,
    system: false,
    regexp_for_validation: f.regexp_for_validation,
    created_at: f.created_at,
    updated_at: f.updated_at,
  };
  if (f.kind === 'ticket_field') {
    out.required = f.required;
    out.visible_in_portal = false;
    out.editable_in_portal = false;
    out.removable = true;
    out.agent_description = null;
  } else {
    out.key = f.key;
  }
  if (f.type === 'checkbox') out.tag = f.tag;
  if (f.custom_field_options) out.custom_field_options = f.custom_field_options.map((o) => ({ ...o, raw_name: o.name }));
  return out;
}

export const presentComment = (c: Comment): Record<string, unknown> => ({
  id: c.id,
  type: c.type,
  author_id: c.author_id,
  body: c.body,
  html_body: c.html_body,
  plain_body: c.plain_body,
  public: c.public,
  attachments: [],
  audit_id: c.id,
  via: c.via,
  created_at: c.created_at,
  metadata: { system: {}, custom: {} },
});

export function presentInstallation(i: AppInstallation): Record<string, unknown> {
  // Secure settings never leave the server.
  const settings: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(i.settings)) if (!i.secure_keys.includes(k)) settings[k] = v;
  return {
    id: i.id,
    app_id: i.app_id,
    product: i.product,
    settings,
    settings_objects: Object.entries(settings).map(([name, value]) => ({ name, value })),
    enabled: i.enabled,
    paid: false,
    collapsible: true,
    has_unpaid_subscription: false,
    has_incomplete_subscription: false,
    pending: false,
    plan_information: null,
    recurring_billing_information: null,
    stripe_publishable_key: null,
    group_restrictions: [],
    role_restrictions: null,
    updated_at: i.updated_at,
    created_at: i.created_at,
  };
}

export const presentWebhook = (w: Webhook): Record<string, unknown> => ({
  id: w.id,
  name: w.name,
  description: w.description,
  status: w.status,
  subscriptions: [...w.subscriptions],
  endpoint: w.endpoint,
  http_method: w.http_method,
  request_format: w.request_format,
  custom_headers: { ...w.custom_headers },
  signing_secret: { algorithm: 'SHA256', secret: null },
  created_at: w.created_at,
  created_by: w.created_by,
  updated_at: w.updated_at,
  updated_by: w.updated_by,
});

export const presentTrigger = (base: string, t: Trigger): Record<string, unknown> => ({
  url: `${base}/api/v2/triggers/${t.id}.json`,
  ...t,
  conditions: { all: [...t.conditions.all], any: [...t.conditions.any] },
  actions: [...t.actions],
  raw_title: t.title,
  default: false,
});

export function organizationIdOf(store: SimulatorStore, userId: number): number | null {
  return store.users.get(userId)?.organization_id ?? null;
}
