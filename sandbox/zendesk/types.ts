// Entity shapes held by the simulator. They follow Zendesk's documented JSON (snake_case).

export type Role = 'end-user' | 'agent' | 'admin';
export type TicketStatus = 'new' | 'open' | 'pending' | 'hold' | 'solved' | 'closed';
export type TicketPriority = 'urgent' | 'high' | 'normal' | 'low';
export type TicketType = 'problem' | 'incident' | 'question' | 'task';
export type FieldValue = string | number | boolean | null | string[];

export const TICKET_STATUSES: readonly TicketStatus[] = ['new', 'open', 'pending', 'hold', 'solved', 'closed'];
export const TICKET_PRIORITIES: readonly TicketPriority[] = ['low', 'normal', 'high', 'urgent'];

export interface User {
  id: number;
  name: string;
  email: string | null;
  role: Role;
  locale: string;
  time_zone: string;
  organization_id: number | null;
  default_group_id: number | null;
  tags: string[];
  user_fields: Record<string, FieldValue>;
  active: boolean;
  verified: boolean;
  phone: string | null;
  notes: string;
  details: string;
  external_id: string | null;
  /** Which tickets an agent may see (Zendesk's `ticket_restriction`); absent or null: all. End users see their own. */
  ticket_restriction?: TicketRestriction;
  created_at: string;
  updated_at: string;
}

export type TicketRestriction = 'organization' | 'groups' | 'assigned' | 'requested' | null;

export interface Organization {
  id: number;
  name: string;
  domain_names: string[];
  details: string;
  notes: string;
  group_id: number | null;
  shared_tickets: boolean;
  shared_comments: boolean;
  external_id: string | null;
  tags: string[];
  organization_fields: Record<string, FieldValue>;
  created_at: string;
  updated_at: string;
}

export interface Group {
  id: number;
  name: string;
  description: string;
  default: boolean;
  deleted: boolean;
  is_public: boolean;
  created_at: string;
  updated_at: string;
}

/** A user's membership of a group (Zendesk's Group Memberships API); only agents and admins have them. */
export interface GroupMembership {
  id: number;
  user_id: number;
  group_id: number;
  default: boolean;
  created_at: string;
  updated_at: string;
}

export interface CustomFieldOption {
  id: number;
  name: string;
  value: string;
  position: number;
  default: boolean;
}

export type FieldKind = 'user_field' | 'organization_field' | 'ticket_field';

export interface CustomField {
  id: number;
  kind: FieldKind;
  type: string;
  key: string | null;
  title: string;
  description: string;
  position: number;
  active: boolean;
  required: boolean;
  regexp_for_validation: string | null;
  custom_field_options: CustomFieldOption[] | undefined;
  /** A checkbox field's tag: on the ticket while the box is checked. */
  tag: string | null;
  created_at: string;
  updated_at: string;
}

/** A ticket form (Suite Growth and above, Support Enterprise): which ticket fields agents see. */
export interface TicketForm {
  id: number;
  name: string;
  display_name: string;
  active: boolean;
  default: boolean;
  end_user_visible: boolean;
  position: number;
  ticket_field_ids: number[];
  created_at: string;
  updated_at: string;
}

export interface TicketCustomField {
  id: number;
  value: FieldValue;
}

export interface Via {
  channel: string;
  source: { from: Record<string, unknown>; to: Record<string, unknown>; rel: string | null };
}

export interface Ticket {
  id: number;
  external_id: string | null;
  /** The form the ticket renders with (plans with ticket forms). */
  ticket_form_id: number | null;
  subject: string;
  raw_subject: string;
  description: string;
  status: TicketStatus;
  priority: TicketPriority | null;
  type: TicketType | null;
  requester_id: number;
  submitter_id: number;
  assignee_id: number | null;
  organization_id: number | null;
  group_id: number | null;
  tags: string[];
  /** Agents following the ticket (set through `followers` in a create or update). */
  follower_ids?: number[];
  custom_fields: TicketCustomField[];
  is_public: boolean;
  due_at: string | null;
  created_at: string;
  updated_at: string;
  via: Via;
}

export interface Comment {
  id: number;
  ticket_id: number;
  type: 'Comment';
  author_id: number;
  body: string;
  html_body: string;
  plain_body: string;
  public: boolean;
  created_at: string;
  via: Via;
}

/** Facts Zendesk keeps in ticket metrics; tracked as tickets change. */
export interface TicketMetricState {
  id: number;
  ticket_id: number;
  created_at: string;
  updated_at: string;
  assigned_at: string | null;
  initially_assigned_at: string | null;
  solved_at: string | null;
  status_updated_at: string;
  latest_comment_added_at: string | null;
  reopens: number;
  assignee_stations: number;
  group_stations: number;
  assignee_updated_at: string | null;
  requester_updated_at: string | null;
}

export interface FieldChange {
  before: unknown;
  after: unknown;
}

export interface TicketHistoryEntry {
  seq: number;
  ticket_id: number;
  at: string;
  actor_id: number | null;
  action: 'create' | 'import' | 'update';
  changes: Record<string, FieldChange>;
  comment: { id: number; body: string; public: boolean; author_id: number } | null;
  /** Webhook event types this change emitted (empty for imports). */
  events: string[];
  /** The update's `metadata` (Zendesk keeps it in the audit as `metadata.custom`). */
  metadata?: Record<string, unknown>;
}

export interface AppInstallation {
  id: number;
  app_id: number;
  product: 'support';
  settings: Record<string, string | number | boolean | null>;
  /** Names of settings that are secure: stored server-side, never returned by the API. */
  secure_keys: string[];
  enabled: boolean;
  created_at: string;
  updated_at: string;
}

export interface Webhook {
  id: string;
  name: string;
  description: string;
  status: 'active' | 'inactive';
  endpoint: string;
  http_method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  request_format: 'json' | 'xml' | 'form_encoded';
  subscriptions: string[];
  custom_headers: Record<string, string>;
  signing_secret: string;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
}

export interface TriggerCondition {
  field: string;
  operator: string;
  value?: unknown;
}

export interface TriggerAction {
  field: string;
  value: unknown;
}

export interface Trigger {
  id: number;
  title: string;
  description: string;
  active: boolean;
  position: number;
  category_id: string | null;
  conditions: { all: TriggerCondition[]; any: TriggerCondition[] };
  actions: TriggerAction[];
  created_at: string;
  updated_at: string;
}

export interface RequestLogEntry {
  seq: number;
  method: string;
  path: string;
  query: string;
  status: number;
  at: string;
  ms: number;
  actor_id: number | null;
  body: unknown;
}

export interface DeliveryAttempt {
  attempt: number;
  at: string;
  status: number | null;
  error: string | null;
  ms: number;
}

export interface Delivery {
  seq: number;
  webhook_id: string;
  invocation_id: string;
  endpoint: string;
  source: 'event' | 'trigger';
  event_type: string | null;
  trigger_id: number | null;
  ticket_id: number | null;
  body: string;
  outcome: 'pending' | 'delivered' | 'failed' | 'dropped';
  attempts: DeliveryAttempt[];
  created_at: string;
}

export interface Faults {
  errorRate: number;
  latencyMs: number;
  latencyJitterMs: number;
  conflictRate: number;
  rateLimitPerMinute: number;
  /** The next N /api/v2 requests fail with failStatus (deterministic fault for tests). */
  failNext: number;
  failStatus: number;
  /** When set, failNext and answerDelayMs apply only to requests whose path starts with it. */
  faultPath: string | null;
  /** Hold each answer this long after the request was handled (ms). */
  answerDelayMs: number;
  /** Incremental export requests per minute (Zendesk: 10, 30 with the High Volume API add-on). */
  incrementalExportPerMinute: number;
}

/** A legacy CSAT rating (Zendesk's Satisfaction Ratings API): one per ticket, offered then answered. */
export type SatisfactionScore = 'offered' | 'unoffered' | 'good' | 'bad';
export interface SatisfactionRating {
  id: number;
  assignee_id: number | null;
  group_id: number | null;
  requester_id: number;
  ticket_id: number;
  score: SatisfactionScore;
  comment: string | null;
  reason: string | null;
  reason_id: number | null;
  reason_code: number | null;
  created_at: string;
  updated_at: string;
}
