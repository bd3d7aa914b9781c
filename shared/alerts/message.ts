/**
 * What an alert says, in the admin's `note_locale`, before any platform's format: a title, one
 * sentence of why, a few facts (tier, scene, how late, who holds it; the assignee and the ticket
 * subject only when the admin allows) and the link that opens the ticket in Zendesk. Customer
 * names, emails and comments are never in it.
 */
import { formatDuration, translate, type MessageKey } from '../i18n/index.ts';
import type { AlertIntent } from './alert.ts';
import { severityOf, type AlertKind, type AlertSeverity } from './kinds.ts';

/** What the sender looked up at send time; null when not allowed or not known. */
export interface AlertDetails {
  /** The holding group's name (when the intent carries only its id). */
  groupName: string | null;
  assigneeName: string | null;
  subject: string | null;
  /** https://<account>/agent/tickets/<id> */
  ticketUrl: string;
}

export interface AlertFact {
  label: string;
  value: string;
}

export interface AlertMessage {
  kind: AlertKind | 'test';
  severity: AlertSeverity;
  title: string;
  summary: string;
  facts: AlertFact[];
  link: { label: string; url: string };
  /** "Tierwise": also the word a DingTalk or Feishu robot's keyword check can require. */
  footer: string;
}

/** Free text from Zendesk (group, assignee, subject) is cut here; each platform escapes it. */
export const MAX_FREE_TEXT = 200;

export function clip(text: string, max = MAX_FREE_TEXT): string {
  const single = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return [...single].length > max ? `${[...single].slice(0, max - 1).join('')}…` : single;
}

export function ticketUrl(accountOrigin: string, ticketId: number): string {
  return `${accountOrigin.replace(/\/+$/, '')}/agent/tickets/${ticketId}`;
}

function summaryOf(intent: AlertIntent): string {
  const { locale } = intent;
  const after = intent.afterMs === null ? '' : formatDuration(intent.afterMs, locale);
  switch (intent.kind) {
    case 'at_risk':
      return translate(locale, 'alert.summary.at_risk', { after, left: formatDuration(intent.leftMs ?? 0, locale) });
    case 'breached':
      return translate(locale, 'alert.summary.breached', { after });
    case 'l1':
      return translate(locale, 'alert.summary.l1', { after });
    case 'l2':
      return translate(locale, 'alert.summary.l2', { after, basis: translate(locale, 'basis.cycle') });
    case 'bad_csat':
      return translate(locale, 'alert.summary.bad_csat');
    case 'follow_up_overdue':
      return translate(locale, 'alert.summary.follow_up_overdue');
  }
}

function holderOf(intent: AlertIntent, details: AlertDetails): string {
  const name = intent.group?.name ?? details.groupName;
  if (name) return clip(name);
  return intent.group === null ? translate(intent.locale, 'alert.holder.noGroup') : translate(intent.locale, 'alert.holder.unnamed', { id: intent.group.id });
}

export function buildAlertMessage(intent: AlertIntent, details: AlertDetails): AlertMessage {
  const { locale } = intent;
  const fact = (key: MessageKey, value: string): AlertFact => ({ label: translate(locale, key), value });
  const facts: AlertFact[] = [];
  if (intent.tier !== null) facts.push(fact('alert.field.tier', translate(locale, `tier.name.${intent.tier}`)));
  if (intent.scene !== null) facts.push(fact('alert.field.scene', translate(locale, `scene.name.${intent.scene}`)));
  if (intent.lateMs !== null) facts.push(fact('alert.field.late', intent.lateMs < 1000 ? translate(locale, 'alert.late.onTime') : formatDuration(intent.lateMs, locale)));
  if (intent.leftMs !== null) facts.push(fact('alert.field.left', formatDuration(intent.leftMs, locale)));
  facts.push(fact('alert.field.holder', holderOf(intent, details)));
  if (intent.assigneeId !== null) facts.push(fact('alert.field.assignee', details.assigneeName ? clip(details.assigneeName) : translate(locale, 'alert.holder.unassignedName', { id: intent.assigneeId })));
  if (intent.showSubject && details.subject) facts.push(fact('alert.field.subject', clip(details.subject)));
  return {
    kind: intent.kind,
    severity: severityOf(intent.kind),
    title: translate(locale, `alert.title.${intent.kind}`, { id: intent.ticketId }),
    summary: summaryOf(intent),
    facts,
    link: { label: translate(locale, 'alert.link', { id: intent.ticketId }), url: details.ticketUrl },
    footer: translate(locale, 'alert.footer'),
  };
}

/** The message `npm run alerts:test` sends: proves the destination, says nothing about a ticket. */
export function testMessage(locale: AlertIntent['locale'], destination: string, accountOrigin: string): AlertMessage {
  return {
    kind: 'test',
    severity: 'warning',
    title: translate(locale, 'alert.test.title'),
    summary: translate(locale, 'alert.test.summary', { destination }),
    facts: [],
    link: { label: translate(locale, 'alert.test.link'), url: `${accountOrigin.replace(/\/+$/, '')}/agent` },
    footer: translate(locale, 'alert.footer'),
  };
}
