/** The parts of Zendesk's REST API resources that Tierwise reads. */
export interface ZendeskTicket {
  id: number;
  status: string;
  priority: string | null;
  tags: string[];
  requester_id: number | null;
  organization_id: number | null;
  group_id: number | null;
  assignee_id: number | null;
  created_at: string;
  updated_at: string;
  custom_fields?: Array<{ id: number; value: unknown }>;
}

export interface ZendeskTicketMetrics {
  ticket_id?: number;
  replies?: number | null;
  assigned_at?: string | null;
  solved_at?: string | null;
  initially_assigned_at?: string | null;
  reopens?: number | null;
  reply_time_in_minutes?: { calendar?: number | null; business?: number | null } | null;
  requester_wait_time_in_minutes?: { calendar?: number | null; business?: number | null } | null;
  full_resolution_time_in_minutes?: { calendar?: number | null; business?: number | null } | null;
}

export interface ZendeskUser {
  id: number;
  name: string;
  locale?: string | null;
  organization_id: number | null;
  user_fields?: Record<string, unknown> | null;
  tags?: string[];
}

export interface ZendeskOrganization {
  id: number;
  name: string;
  organization_fields?: Record<string, unknown> | null;
  tags?: string[];
}

export interface ZendeskGroup {
  id: number;
  name: string;
  deleted?: boolean;
}

export interface ZendeskInstallation {
  id: number;
  app_id?: number;
  enabled?: boolean;
  settings?: Record<string, unknown> | null;
}

export interface TicketUpdate {
  priority?: string;
  tags?: string[];
  group_id?: number;
  assignee_id?: null;
  /** Zendesk's documented follower update: `[{user_id, action: "put"}]`. */
  followers?: Array<{ user_id: number; action: 'put' }>;
  comment?: { body: string; public: false };
}
