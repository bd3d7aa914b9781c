// In-memory state of the simulated Zendesk account. Plain data plus id allocation and look-ups;
// behaviour (ticket rules, events) lives in the service modules.
import type {
  AppInstallation, Comment, CustomField, Delivery, FieldKind, Group, GroupMembership, Organization, RequestLogEntry,
  SatisfactionRating, Ticket, TicketForm, TicketHistoryEntry, TicketMetricState, Trigger, User, Webhook,
} from './types.ts';

export const ACCOUNT_ID = 1;

const ID_BASES: Record<string, number> = {
  ticket: 1, comment: 9000001, user: 361000001, organization: 362000001, group: 363000001, field: 364000001,
  custom_field_option: 365000001, trigger: 366000001, installation: 367000001, ticket_metric: 368000001,
  group_membership: 370000001, satisfaction_rating: 371000001,
};

/** The first id a fresh store gives in a collection (the seeded app installation is the first of its). */
export function firstId(collection: string): number {
  return ID_BASES[collection] ?? 369000001;
}

export class SimulatorStore {
  users = new Map<number, User>();
  organizations = new Map<number, Organization>();
  groups = new Map<number, Group>();
  groupMemberships = new Map<number, GroupMembership>();
  fields = new Map<number, CustomField>();
  tickets = new Map<number, Ticket>();
  comments = new Map<number, Comment[]>();
  metrics = new Map<number, TicketMetricState>();
  history = new Map<number, TicketHistoryEntry[]>();
  installations = new Map<number, AppInstallation>();
  /** Secure app settings by installation id: never returned through /api/v2. */
  secureSettings = new Map<number, Record<string, string>>();
  webhooks = new Map<string, Webhook>();
  triggers = new Map<number, Trigger>();
  satisfactionRatings = new Map<number, SatisfactionRating>();
  /** Soft-deleted tickets (Zendesk's "Deleted tickets" view): gone from the API, restorable. */
  deletedTickets = new Map<number, Ticket>();
  /**
   * Each ticket's generated_timestamp (ms): the last time anything changed it, deletion included;
   * the incremental export orders by it. A permanently deleted ticket keeps its entry (it is
   * exported once more, as deleted).
   */
  generatedAt = new Map<number, number>();
  ticketForms = new Map<number, TicketForm>();
  requestLog: RequestLogEntry[] = [];
  deliveries: Delivery[] = [];
  webhooksPaused = false;

  private nextIds = new Map<string, number>();
  private seqs = new Map<string, number>();

  constructor(readonly now: () => number = Date.now) {}

  /**
   * Allocates ids per collection. Tickets start at 1 like a fresh account; other collections get
   * distinct Zendesk-like ranges so that a user id never doubles as an organization or group id.
   */
  nextId(collection: string): number {
    const start = firstId(collection);
    const id = this.nextIds.get(collection) ?? start;
    this.nextIds.set(collection, id + 1);
    return id;
  }

  nextSeq(name: string): number {
    const seq = (this.seqs.get(name) ?? 0) + 1;
    this.seqs.set(name, seq);
    return seq;
  }

  /** Empties every collection (the request log and delivery log too). */
  clear(): void {
    for (const m of [this.users, this.organizations, this.groups, this.groupMemberships, this.fields, this.tickets, this.comments,
      this.metrics, this.history, this.installations, this.secureSettings, this.webhooks, this.triggers, this.satisfactionRatings,
      this.deletedTickets, this.generatedAt, this.ticketForms]) {
      m.clear();
    }
    this.requestLog = [];
    this.deliveries = [];
    this.webhooksPaused = false;
    this.nextIds.clear();
    this.seqs.clear();
  }

  /** The ticket changed (created, updated, deleted, restored): it is exported again. */
  touch(ticketId: number): void {
    this.generatedAt.set(ticketId, this.now());
  }

  fieldsOf(kind: FieldKind): CustomField[] {
    return [...this.fields.values()].filter((f) => f.kind === kind).sort((a, b) => a.position - b.position || a.id - b.id);
  }

  userByEmail(email: string): User | undefined {
    const wanted = email.toLowerCase();
    for (const u of this.users.values()) if (u.email?.toLowerCase() === wanted) return u;
    return undefined;
  }

  organizationByName(name: string): Organization | undefined {
    for (const o of this.organizations.values()) if (o.name === name) return o;
    return undefined;
  }

  groupByName(name: string): Group | undefined {
    for (const g of this.groups.values()) if (g.name === name) return g;
    return undefined;
  }

  /** Whether the user is a member of the group (Zendesk: an assignee must be a member of the ticket's group). */
  isGroupMember(userId: number, groupId: number): boolean {
    for (const m of this.groupMemberships.values()) if (m.user_id === userId && m.group_id === groupId) return true;
    return false;
  }

  ticketHistory(id: number): TicketHistoryEntry[] {
    let h = this.history.get(id);
    if (!h) {
      h = [];
      this.history.set(id, h);
    }
    return h;
  }

  ticketComments(id: number): Comment[] {
    let list = this.comments.get(id);
    if (!list) {
      list = [];
      this.comments.set(id, list);
    }
    return list;
  }

  isAgent(userId: number | null | undefined): boolean {
    if (userId === null || userId === undefined) return false;
    const u = this.users.get(userId);
    return u !== undefined && (u.role === 'agent' || u.role === 'admin');
  }
}
