// Seed data: a small Chinese/English B2B account with customers in every tier.
import type { SimulatorConfig } from './context.ts';
import { CUSTOMER_EVENT_TYPES } from './customer-events.ts';
import { TICKET_EVENT_TYPES } from './events.ts';
import { DEFAULT_SETTINGS } from '../../shared/settings.ts';
import { desiredState } from '../../scripts/zendesk/desired.ts';
import { createField } from './routes/fields.ts';
import { addGroupMembership } from './routes/group-memberships.ts';
import { createGroup } from './routes/groups.ts';
import { createWebhook } from './routes/webhooks.ts';
import { firstId, type SimulatorStore } from './store.ts';
import { isoSeconds } from './time.ts';
import type { FieldValue, Organization, Role, User } from './types.ts';

/** The seeded Tierwise installation's id: the first of a fresh store, after every reset (TIERWISE_INSTALLATION_ID for a worker against the simulator). */
export const SEED_INSTALLATION_ID = firstId('installation');

export const SEED_APP_ID = 900001;

export const SEED_EMAILS = {
  agent: 'wang.fang@tierwise.test',
  supervisor: 'li.qiang@tierwise.test',
  departmentHead: 'chen.jing@tierwise.test',
  coreCustomer: 'zhang.wei@example.com',
  coreCustomer2: 'emily.carter@example.com',
  coreByOrdersCustomer: 'liu.yang@example.com',
  potentialCustomer: 'michael.brown@example.com',
  basicCustomer: 'xiao.lin@example.com',
  overrideCustomer: 'sarah.lee@example.com',
  noOrgCoreCustomer: 'zhao.min@example.com',
  noDataCustomer: 'guest@example.com',
} as const;

export const SEED_ORGS = {
  core: 'Acme Manufacturing 艾克美制造',
  coreByOrders: '星辰科技 Xingchen Tech',
  potential: 'Blue River Trading 蓝河贸易',
  basic: 'Little Leaf Studio 小叶工作室',
  override: 'Strategic Partner 战略伙伴',
} as const;

export const SEED_GROUPS = { support: 'Support', supervisors: 'Supervisors', departmentHeads: 'Department heads' } as const;

export interface SeedIds {
  adminId: number;
  groups: Record<keyof typeof SEED_GROUPS, number>;
  users: Record<keyof typeof SEED_EMAILS, number>;
  organizations: Record<keyof typeof SEED_ORGS, number>;
  ticketFields: { serviceScene: number };
  userFields: Record<string, number>;
  organizationFields: Record<string, number>;
  installationId: number;
  webhookId: string | null;
}

const DAY = 86_400_000;

/** "YYYY-MM-DD" of now + days, optionally with another year (for birthdays). */
function dateFromNow(now: number, days: number, year?: number): string {
  const d = new Date(now + days * DAY).toISOString().slice(0, 10);
  return year === undefined ? d : `${year}${d.slice(4)}`;
}

function addUser(store: SimulatorStore, u: Partial<User> & { name: string; email: string | null; role: Role }, at: string): User {
  const user: User = {
    id: store.nextId('user'), locale: 'zh-cn', time_zone: 'Asia/Shanghai', organization_id: null, default_group_id: null, tags: [],
    user_fields: {}, active: true, verified: true, phone: null, notes: '', details: '', external_id: null,
    created_at: at, updated_at: at, ...u,
  };
  user.user_fields = Object.fromEntries(store.fieldsOf('user_field').map((f) => [f.key!, (u.user_fields ?? {})[f.key!] ?? null]));
  store.users.set(user.id, user);
  return user;
}

function addOrg(store: SimulatorStore, name: string, tags: string[], fields: Record<string, FieldValue>, at: string): Organization {
  const org: Organization = {
    id: store.nextId('organization'), name, domain_names: [], details: '', notes: '', group_id: null, shared_tickets: false,
    shared_comments: false, external_id: null, tags,
    organization_fields: Object.fromEntries(store.fieldsOf('organization_field').map((f) => [f.key!, fields[f.key!] ?? null])),
    created_at: at, updated_at: at,
  };
  store.organizations.set(org.id, org);
  return org;
}

/** The account every simulator has, even with seed: false: the admin the API token belongs to. */
export function seedMinimal(store: SimulatorStore, config: SimulatorConfig): User {
  const at = isoSeconds(store.now() - 400 * DAY);
  return addUser(store, { name: 'Admin 管理员', email: config.email, role: 'admin', locale: 'en-US' }, at);
}

export function seed(store: SimulatorStore, config: SimulatorConfig): SeedIds {
  const now = store.now();
  const at = isoSeconds(now - 365 * DAY);
  const admin = seedMinimal(store, config);

  const support = createGroup(store, SEED_GROUPS.support, 'Front-line support 一线支持');
  const supervisors = createGroup(store, SEED_GROUPS.supervisors, 'Escalation after 24 hours unhandled 主管');
  const heads = createGroup(store, SEED_GROUPS.departmentHeads, 'Escalation after 48 hours unsolved 部门负责人');
  admin.default_group_id = support.id;

  const tierOptions = [
    { name: 'Core 核心客户', value: 'core' },
    { name: 'Potential 潜力客户', value: 'potential' },
    { name: 'Basic 基础客户', value: 'basic' },
  ];
  const fieldIds: Record<'user_field' | 'organization_field', Record<string, number>> = { user_field: {}, organization_field: {} };
  for (const kind of ['user_field', 'organization_field'] as const) {
    const specs = [
      { key: 'annual_spend', type: 'decimal' as const, title: 'Annual spend 年消费额' },
      { key: 'orders_per_year', type: 'integer' as const, title: 'Orders per year 年订单数' },
      { key: 'tier_override', type: 'dropdown' as const, title: 'Tier override 手动分层', custom_field_options: tierOptions },
      { key: 'birthday', type: 'date' as const, title: 'Birthday 生日' },
      { key: 'partnership_anniversary', type: 'date' as const, title: 'Partnership anniversary 合作纪念日' },
      { key: 'last_interaction', type: 'date' as const, title: 'Last interaction 最近互动' },
      { key: 'account_manager', type: 'text' as const, title: 'Account manager 客户经理' },
    ];
    for (const spec of specs) fieldIds[kind][spec.key] = createField(store, kind, spec).id;
  }
  const scene = createField(store, 'ticket_field', {
    type: 'tagger', title: 'Service scene 服务场景',
    custom_field_options: [
      { name: 'Pre-sales inquiry 售前咨询', value: 'scene_presale' },
      { name: 'Order in progress 售中问题', value: 'scene_insale' },
      { name: 'After-sales fault 售后故障', value: 'scene_aftersale' },
    ],
  });

  // The follow-up record on care tasks, and its form, as `npm run zendesk:setup` creates them.
  const { followUpFields, followUpForm } = desiredState(DEFAULT_SETTINGS, 'http://127.0.0.1', 'events');
  const followUpIds = followUpFields.map(({ options, ...spec }) => createField(store, 'ticket_field', { ...spec, ...(options ? { custom_field_options: options } : {}) }).id);
  const formId = store.nextId('ticket_form');
  store.ticketForms.set(formId, {
    id: formId, name: followUpForm.name, display_name: followUpForm.display_name, active: true, default: false, end_user_visible: false,
    position: 1, ticket_field_ids: followUpIds, created_at: at, updated_at: at,
  });

  const agent = addUser(store, { name: '王芳 Wang Fang', email: SEED_EMAILS.agent, role: 'agent', default_group_id: support.id }, at);
  const supervisor = addUser(store, { name: '李强 Li Qiang', email: SEED_EMAILS.supervisor, role: 'agent', default_group_id: supervisors.id }, at);
  const head = addUser(store, { name: '陈静 Chen Jing', email: SEED_EMAILS.departmentHead, role: 'agent', default_group_id: heads.id }, at);
  // Each agent belongs to their own team; the escalation groups are not "every agent".
  addGroupMembership(store, admin.id, support.id);
  addGroupMembership(store, agent.id, support.id);
  addGroupMembership(store, supervisor.id, supervisors.id);
  addGroupMembership(store, head.id, heads.id);

  const acme = addOrg(store, SEED_ORGS.core, ['manufacturing', 'pref_product_x'], {
    annual_spend: 620000, orders_per_year: 8, partnership_anniversary: dateFromNow(now, 3, 2019), last_interaction: dateFromNow(now, -10),
  }, at);
  const xingchen = addOrg(store, SEED_ORGS.coreByOrders, ['technology', 'pref_service_onsite'], {
    annual_spend: 80000, orders_per_year: 12, partnership_anniversary: dateFromNow(now, 120, 2021), last_interaction: dateFromNow(now, -30),
  }, at);
  const blueRiver = addOrg(store, SEED_ORGS.potential, ['trading'], {
    annual_spend: 150000, orders_per_year: 3, last_interaction: dateFromNow(now, -45),
  }, at);
  const littleLeaf = addOrg(store, SEED_ORGS.basic, ['design'], {
    annual_spend: 20000, orders_per_year: 2, last_interaction: dateFromNow(now, -200),
  }, at);
  const strategic = addOrg(store, SEED_ORGS.override, ['strategic_partner'], {
    annual_spend: 30000, orders_per_year: 1, tier_override: 'core', partnership_anniversary: dateFromNow(now, 6, 2020),
  }, at);

  const customer = (name: string, email: string, org: Organization | null, tags: string[], fields: Record<string, FieldValue>, locale = 'zh-cn'): User =>
    addUser(store, { name, email, role: 'end-user', organization_id: org?.id ?? null, tags, user_fields: fields, locale }, at);
  const zhang = customer('张伟 Zhang Wei', SEED_EMAILS.coreCustomer, acme, ['pref_product_x', 'vip_contact'], { birthday: dateFromNow(now, 3, 1985) });
  const emily = customer('Emily Carter', SEED_EMAILS.coreCustomer2, acme, ['complaint', 'pref_service_training'], { birthday: dateFromNow(now, 40, 1990) }, 'en-US');
  const liu = customer('刘洋 Liu Yang', SEED_EMAILS.coreByOrdersCustomer, xingchen, ['pref_service_onsite'], {});
  const michael = customer('Michael Brown', SEED_EMAILS.potentialCustomer, blueRiver, ['feedback_positive', 'pref_product_y'], { birthday: dateFromNow(now, 5, 1978) }, 'en-US');
  const xiaoLin = customer('小林 Xiao Lin', SEED_EMAILS.basicCustomer, littleLeaf, ['complaint', 'past_escalation'], {});
  const sarah = customer('Sarah Lee 李莎', SEED_EMAILS.overrideCustomer, strategic, ['pref_product_x'], {}, 'en-US');
  const zhao = customer('赵敏 Zhao Min', SEED_EMAILS.noOrgCoreCustomer, null, ['pref_product_z'], {
    annual_spend: 550000, orders_per_year: 4, birthday: dateFromNow(now, 1, 1992), last_interaction: dateFromNow(now, -3),
  });
  const guest = customer('Anonymous Guest', SEED_EMAILS.noDataCustomer, null, [], {}, 'en-US');

  const installationId = store.nextId('installation');
  store.installations.set(installationId, {
    id: installationId, app_id: SEED_APP_ID, product: 'support',
    settings: { name: 'Tierwise', title: 'Tierwise', ...config.appSettings },
    secure_keys: Object.keys(config.secureAppSettings), enabled: true, created_at: at, updated_at: at,
  });
  if (Object.keys(config.secureAppSettings).length > 0) store.secureSettings.set(installationId, { ...config.secureAppSettings });

  let webhookId: string | null = null;
  if (config.webhookTargetUrl) {
    webhookId = createWebhook(store, {
      name: 'Tierwise', description: 'Tierwise worker: ticket events', endpoint: config.webhookTargetUrl, http_method: 'POST',
      request_format: 'json', status: 'active', subscriptions: [...TICKET_EVENT_TYPES, ...CUSTOMER_EVENT_TYPES], signing_secret: { secret: config.webhookSecret },
    }, admin.id).id;
  }

  return {
    adminId: admin.id,
    groups: { support: support.id, supervisors: supervisors.id, departmentHeads: heads.id },
    users: {
      agent: agent.id, supervisor: supervisor.id, departmentHead: head.id, coreCustomer: zhang.id, coreCustomer2: emily.id,
      coreByOrdersCustomer: liu.id, potentialCustomer: michael.id, basicCustomer: xiaoLin.id, overrideCustomer: sarah.id,
      noOrgCoreCustomer: zhao.id, noDataCustomer: guest.id,
    },
    organizations: { core: acme.id, coreByOrders: xingchen.id, potential: blueRiver.id, basic: littleLeaf.id, override: strategic.id },
    ticketFields: { serviceScene: scene.id },
    userFields: fieldIds.user_field,
    organizationFields: fieldIds.organization_field,
    installationId,
    webhookId,
  };
}
