/**
 * The audit contract: the one row type the worker writes, its API returns and the sidebar
 * reads. Rows carry data (codes, numbers, names), never sentences: each reader puts them in
 * words in the agent's language (see docs/rules.md#handled-solved-and-escalation for what each step means).
 */
import type { Priority, Scene, Tier } from './domain.ts';
import { STEPS, type Step } from './sla.ts';
import type { TierReason } from './tier.ts';

/** What a row records: the tier part of a change, one escalation step, or a change Zendesk refused. */
export const AUDIT_STEPS = ['tier', ...STEPS, 'refused'] as const;
export type AuditStep = (typeof AUDIT_STEPS)[number];

/** A Zendesk group as a person knows it: the name from the settings or Zendesk, with its id. */
export interface GroupRef {
  id: number;
  name: string | null;
}

/** Why a row was written, as data. */
export type AuditReason =
  /** The customer's tier, with the classification's own reason (which rule, which figures). */
  | { kind: 'tier'; tier: TierReason }
  /**
   * A deadline passed: `afterMs` is the configured duration, counted from `from`: the ticket's
   * creation (first response, L1) or the start of its resolution cycle, pending time excluded (L2).
   */
  | { kind: 'deadline'; step: Step; afterMs: number; from: 'created' | 'cycle' }
  /** Zendesk refused the change for good (a permanent 4xx): what it said, without personal data. */
  | { kind: 'refused'; step: Step | 'tier'; status: number; error: string; description: string };

/** One field a row changed, before and after; ids that mean nothing to a person come with names. */
export type AuditChange =
  | { field: 'priority'; from: Priority | null; to: Priority }
  | { field: 'group'; from: GroupRef | null; to: GroupRef }
  | { field: 'tags'; added: string[]; removed: string[] }
  | { field: 'assignee'; from: number | null; to: number | null }
  | { field: 'followers'; added: number[] };

export interface AuditRow {
  ticketId: number;
  step: AuditStep;
  tier: Tier;
  scene: Scene;
  reason: AuditReason;
  changes: AuditChange[];
  /** ISO time the change was applied (or refused). */
  at: string;
  /** Makes a row idempotent: the same (ticket, step, correlation id) is written once. */
  correlationId: string;
}

/** What GET /api/tickets/:id/audit answers: newest first. */
export interface AuditResponse {
  ticketId: number;
  audit: AuditRow[];
}
