/**
 * What a Zendesk account needs for Tierwise, derived from the settings (field keys and group
 * names come from shared/settings.ts, so a changed default changes setup too).
 */
import { FOLLOW_UP_FORM_NAME, FOLLOW_UP_METHODS, followUpTags } from '../../shared/care/follow-up.ts';
import { DIMENSIONS, type Dimension } from '../../shared/reports.ts';
import type { Settings } from '../../shared/settings.ts';

export type SetupMode = 'events' | 'trigger';

export interface FieldOption {
  name: string;
  value: string;
}

export interface DesiredCustomerField {
  /** Which Tierwise setting names this key (for messages). */
  setting: keyof Settings;
  key: string;
  type: 'decimal' | 'integer' | 'dropdown' | 'date' | 'text';
  title: string;
  description: string;
  options?: FieldOption[];
}

export interface DesiredTicketField {
  type: 'tagger';
  title: string;
  description: string;
  options: FieldOption[];
}

/** A field of the follow-up record on care tasks (docs/rules.md#care-cadence): drop-downs and the checkbox set tags the worker reads. */
export interface DesiredFollowUpField {
  type: 'tagger' | 'textarea' | 'date' | 'checkbox';
  title: string;
  description: string;
  options?: FieldOption[];
  /** The checkbox's tag. */
  tag?: string;
}

/** The care tasks' form: the follow-up fields, by title. */
export interface DesiredTicketForm {
  name: string;
  display_name: string;
  fieldTitles: string[];
}

export interface DesiredWebhook {
  name: string;
  description: string;
  endpoint: string;
  http_method: 'POST';
  request_format: 'json';
  status: 'active';
  subscriptions: string[];
}

export interface DesiredTrigger {
  title: string;
  description: string;
  conditions: { all: Condition[]; any: Condition[] };
  /** The JSON body template (placeholders rendered by Zendesk). */
  body: string;
}

export interface Condition {
  field: string;
  operator: string;
  value: string;
}

export interface DesiredState {
  userFields: DesiredCustomerField[];
  organizationFields: DesiredCustomerField[];
  ticketField: DesiredTicketField;
  followUpFields: DesiredFollowUpField[];
  followUpForm: DesiredTicketForm;
  groups: Array<{ setting: keyof Settings; name: string; description: string }>;
  webhook: DesiredWebhook;
  /** Present in trigger mode; in events mode an existing Tierwise trigger is deactivated. */
  trigger: DesiredTrigger | null;
  triggerTitle: string;
  mode: SetupMode;
}

/**
 * One webhook per connection method: Zendesk fixes a webhook's method (event subscriptions, or
 * "conditional_ticket_events" for triggers and automations) when it is created, so switching
 * --mode uses the other webhook and retires (deactivates) this one instead of changing it.
 */
export const WEBHOOK_NAME = 'Tierwise';
export const TRIGGER_WEBHOOK_NAME = 'Tierwise (trigger)';
export const TRIGGER_SUBSCRIPTION = 'conditional_ticket_events';
export const WEBHOOK_NAMES: Record<SetupMode, string> = { events: WEBHOOK_NAME, trigger: TRIGGER_WEBHOOK_NAME };
/** The connection method a webhook was created with, from its subscriptions. */
export const connectionMethodOf = (subscriptions: readonly string[]): SetupMode =>
  subscriptions.includes(TRIGGER_SUBSCRIPTION) ? 'trigger' : 'events';
export const TRIGGER_TITLE = 'Tierwise: notify on ticket create/update';
export const SCENE_FIELD_TITLE = 'Service scene';
/** The trigger payload family the worker accepts (worker/src/webhook/ticket-event.ts); it reads the rest itself. */
export const TRIGGER_BODY = '{"tierwise": 1, "ticket": {"id": "{{ticket.id}}"}}';

/**
 * Events the worker reacts to (webhook event subscriptions; see Zendesk's
 * "Ticket events" webhook reference). Each one can change a tier, priority, SLA clock or escalation.
 */
export const WEBHOOK_SUBSCRIPTIONS = [
  'zen:event-type:ticket.created',
  'zen:event-type:ticket.status_changed',
  'zen:event-type:ticket.priority_changed',
  'zen:event-type:ticket.tags_changed',
  'zen:event-type:ticket.agent_assignment_changed',
  'zen:event-type:ticket.group_assignment_changed',
  'zen:event-type:ticket.comment_added',
  'zen:event-type:ticket.custom_field_changed',
  'zen:event-type:ticket.requester_changed',
  'zen:event-type:ticket.organization_changed',
  // Customer data: a change of spend, orders or override re-evaluates the customer's open tickets.
  'zen:event-type:user.custom_field_changed',
  'zen:event-type:organization.custom_field_changed',
] as const;

export const TIER_OPTIONS: FieldOption[] = [
  { name: 'Core 核心客户', value: 'tier_core' },
  { name: 'Potential 潜力客户', value: 'tier_potential' },
  { name: 'Basic 基础客户', value: 'tier_basic' },
];

export const SCENE_OPTIONS: FieldOption[] = [
  { name: 'Pre-sales inquiry 售前咨询', value: 'scene_presale' },
  { name: 'Order in progress 售中问题', value: 'scene_insale' },
  { name: 'After-sales fault 售后故障', value: 'scene_aftersale' },
];

const METHOD_NAMES: Record<(typeof FOLLOW_UP_METHODS)[number], string> = { phone: 'Phone 电话', visit: 'Visit 上门拜访', video: 'Video call 视频', wechat: 'WeChat 微信', email: 'Email 邮件' };
const DIMENSION_NAMES: Record<Dimension, string> = {
  timeliness: 'response timeliness 响应及时性', resolution: 'problem-solving 问题解决能力', communication: 'communication 沟通质量',
  added_value: 'added value 增值服务', satisfaction: 'overall satisfaction 整体满意度',
};

/**
 * The follow-up record (docs/rules.md#care-cadence): method, feedback, pending items, next date,
 * the customer's confirmation and optional 1-10 scores; the owner is the task's assignee. The
 * method, confirmation and scores are tags (shared/care/follow-up.ts), which the worker reads
 * when the task is solved; the free text stays in Zendesk.
 */
function followUpFields(settings: Settings): DesiredFollowUpField[] {
  const tags = followUpTags(settings);
  const score = (d: Dimension): DesiredFollowUpField => ({
    type: 'tagger', title: `Score: ${DIMENSION_NAMES[d]}`, description: 'Tierwise: optional, 1 (poor) to 10 (excellent); feeds the service dashboard.',
    options: Array.from({ length: 10 }, (_, i) => ({ name: String(i + 1), value: tags.score(d, i + 1) })),
  });
  return [
    { type: 'tagger', title: 'Follow-up method 回访方式', description: 'Tierwise: how the customer was contacted.', options: FOLLOW_UP_METHODS.map((m) => ({ name: METHOD_NAMES[m], value: tags.method(m) })) },
    { type: 'textarea', title: 'Follow-up feedback 客户反馈', description: 'Tierwise: what the customer said (stays in Zendesk).' },
    { type: 'textarea', title: 'Pending items 待办事项', description: 'Tierwise: what was promised to the customer (stays in Zendesk).' },
    { type: 'date', title: 'Next follow-up date 下次回访日期', description: 'Tierwise: when to contact the customer again.' },
    { type: 'checkbox', title: 'Customer confirmed 客户确认', description: 'Tierwise: the customer confirmed the follow-up.', tag: tags.confirmed },
    ...DIMENSIONS.map(score),
  ];
}

function customerFields(settings: Settings, owner: 'user' | 'organization'): DesiredCustomerField[] {
  const of = owner === 'user' ? 'this customer' : 'this organization';
  return [
    { setting: 'annual_spend_field', key: settings.annual_spend_field, type: 'decimal', title: 'Annual spend 年消费额', description: `Tierwise: spend of ${of} over the last 12 months (decides the tier).` },
    { setting: 'orders_field', key: settings.orders_field, type: 'integer', title: 'Orders per year 年订单数', description: `Tierwise: orders from ${of} over the last 12 months (decides the tier).` },
    { setting: 'tier_override_field', key: settings.tier_override_field, type: 'dropdown', title: 'Tier override 手动分层', description: 'Tierwise: a tier set by hand wins over the numbers (e.g. a strategic partner).', options: TIER_OPTIONS },
    { setting: 'birthday_field', key: settings.birthday_field, type: 'date', title: 'Birthday 生日', description: 'Tierwise: care date (shown to agents when it is near).' },
    { setting: 'anniversary_field', key: settings.anniversary_field, type: 'date', title: 'Partnership anniversary 合作纪念日', description: 'Tierwise: care date (shown to agents when it is near).' },
    { setting: 'last_interaction_field', key: settings.last_interaction_field, type: 'date', title: 'Last interaction 最近互动', description: 'Tierwise: churn warning after a long silence.' },
    // Text, not a number field: it holds a Zendesk user ID, which the care run reads as digits.
    { setting: 'account_manager_field', key: settings.account_manager_field, type: 'text', title: 'Account manager 客户经理', description: `Tierwise: user ID of the account manager of ${of}; care tasks are assigned to them.` },
  ];
}

export function desiredState(settings: Settings, workerUrl: string, mode: SetupMode): DesiredState {
  const endpoint = `${workerUrl.replace(/\/+$/, '')}/webhooks/zendesk`;
  return {
    userFields: customerFields(settings, 'user'),
    organizationFields: customerFields(settings, 'organization'),
    ticketField: {
      type: 'tagger',
      title: SCENE_FIELD_TITLE,
      description: 'Tierwise: the service scene sets the first-response target (pre-sales 1 h, in-sale 2 h, after-sales 4 h).',
      options: SCENE_OPTIONS,
    },
    followUpFields: followUpFields(settings),
    followUpForm: { name: FOLLOW_UP_FORM_NAME, display_name: 'Follow-up 回访', fieldTitles: followUpFields(settings).map((f) => f.title) },
    groups: [
      { setting: 'escalation_l1_group', name: settings.escalation_l1_group, description: 'Tierwise: escalation after 24 hours unhandled (主管).' },
      { setting: 'escalation_l2_group', name: settings.escalation_l2_group, description: 'Tierwise: escalation after 48 hours unsolved (部门负责人).' },
    ],
    webhook: {
      name: WEBHOOK_NAMES[mode],
      description: 'Tierwise worker: ticket changes drive tiers, priorities, SLA clocks and escalation.',
      endpoint,
      http_method: 'POST',
      request_format: 'json',
      status: 'active',
      subscriptions: mode === 'events' ? [...WEBHOOK_SUBSCRIPTIONS] : [TRIGGER_SUBSCRIPTION],
    },
    trigger: mode === 'trigger'
      ? {
        title: TRIGGER_TITLE,
        description: 'Tierwise: tells the worker a ticket was created or changed (the worker reads the ticket itself).',
        conditions: { all: [], any: [{ field: 'update_type', operator: 'is', value: 'Create' }, { field: 'update_type', operator: 'is', value: 'Change' }] },
        body: TRIGGER_BODY,
      }
      : null,
    triggerTitle: TRIGGER_TITLE,
    mode,
  };
}
