/**
 * What a chat alert can be about: the four steps of the escalation ladder (docs/rules.md#handled-solved-and-escalation),
 * and two about the customer's care (a bad CSAT rating, a follow-up gone overdue). Every
 * kind has its own message and can be routed on its own.
 */
import { STEPS } from '../sla.ts';

export const ALERT_KINDS = [...STEPS, 'bad_csat', 'follow_up_overdue'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export function isAlertKind(value: unknown): value is AlertKind {
  return typeof value === 'string' && (ALERT_KINDS as readonly string[]).includes(value);
}

/** How loudly a platform should show the alert (colour, card style). */
export type AlertSeverity = 'warning' | 'critical';

export function severityOf(kind: AlertKind): AlertSeverity {
  return kind === 'at_risk' || kind === 'follow_up_overdue' ? 'warning' : 'critical';
}
