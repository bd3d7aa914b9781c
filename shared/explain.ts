/** Human words for what Tierwise decided, in the agent's language, from the one catalogue (./i18n). */
import { HOUR_MS, toPriority, type Locale, type Priority, type Scene, type Tier, type TicketStatus } from './domain.ts';
import { formatDuration, formatList, formatNumber, translate, type MessageKey } from './i18n/index.ts';
import type { Step } from './sla.ts';
import type { DataSource, InvalidValue, TierReason, TierResult } from './tier.ts';

export function tierName(tier: Tier, locale: Locale): string {
  return translate(locale, `tier.name.${tier}`);
}

export function sceneName(scene: Scene, locale: Locale): string {
  return translate(locale, `scene.name.${scene}`);
}

export function priorityName(priority: Priority, locale: Locale): string {
  return translate(locale, `priority.name.${priority}`);
}

export function statusName(status: TicketStatus, locale: Locale): string {
  return translate(locale, `status.name.${status}`);
}

function where(reason: string, source: DataSource, name: string | null, locale: Locale): string {
  const vars = { reason, source: translate(locale, `source.${source}`), name: name ?? '' };
  return translate(locale, name ? 'explain.whereNamed' : 'explain.where', vars);
}

function readings(key: 'explain.above' | 'explain.below', list: TierReason & { rule: 'threshold' | 'below_thresholds' }, locale: Locale): string {
  const items = list.rule === 'threshold' ? list.matched : list.readings;
  return formatList(
    items.map((m) => translate(locale, key, { metric: translate(locale, `metric.${m.metric}`), value: formatNumber(m.value, locale), threshold: formatNumber(m.threshold, locale) })),
    locale,
  );
}

/** Why a customer has a tier, e.g. "Core: annual spend 620,000 >= 500,000, organization Acme". */
export function explainTierReason(tier: Tier, reason: TierReason, locale: Locale): string {
  const because = (() => {
    switch (reason.rule) {
      case 'override':
        return where(translate(locale, 'explain.override'), reason.source, reason.name, locale);
      case 'threshold':
        return where(readings('explain.above', reason, locale), reason.source, reason.name, locale);
      case 'below_thresholds':
        return where(readings('explain.below', reason, locale), reason.source, reason.name, locale);
      case 'no_data':
        return translate(locale, 'explain.noData');
    }
  })();
  return translate(locale, 'explain.tier', { tier: tierName(tier, locale), reason: because });
}

export function explainTier(result: TierResult, locale: Locale): string {
  return explainTierReason(result.tier, result.reason, locale);
}

/** A value the classification could not use, e.g. `organization annual spend: "abc"`. */
export function explainInvalid(value: InvalidValue, locale: Locale): string {
  return translate(locale, 'explain.invalid', { source: translate(locale, `source.${value.source}`), metric: translate(locale, `metric.${value.metric}`), value: JSON.stringify(value.value) });
}

/**
 * Where the L2 clock starts: the ticket's creation, its last reopen, or (when the caller does not
 * know which) either; pending time never counts (docs/rules.md#handled-solved-and-escalation).
 */
export type L2CountedFrom = 'created' | 'reopen' | 'cycle';

export function l2Basis(from: L2CountedFrom, locale: Locale): string {
  return translate(locale, `basis.${from}`);
}

export interface EscalationNoteContext {
  tier: Tier;
  scene: Scene;
  targetHours: number;
  hours: { l1: number; l2: number };
  groups: { l1: string; l2: string };
  priority: string;
  /** Where the L2 clock started for this ticket; "creation or the last reopen" when left out. */
  l2CountedFrom?: L2CountedFrom;
  /** What each level's escalation did (see EscalationOutcome); `moved` when left out. */
  outcomes?: { l1?: EscalationOutcome; l2?: EscalationOutcome };
}

/**
 * What an escalation did: moved the ticket to the group (`unassigned`: the name of the assignee
 * it took the ticket from, who is not a member), brought the group in as followers, or found no
 * group by the configured name (the step is taken without a group).
 */
export type EscalationOutcome = { kind: 'moved'; unassigned?: string | null } | { kind: 'brought_in' } | { kind: 'missing' };

const STEP_LINE_SUFFIX = { moved: '', brought_in: '_bring_in', missing: '_no_group' } as const;

/** The internal note the worker writes with an escalation: a header line, then one line per step. */
export function escalationNote(steps: readonly Step[], ctx: EscalationNoteContext, locale: Locale): string {
  const head = translate(locale, 'note.head', {
    tier: tierName(ctx.tier, locale),
    scene: sceneName(ctx.scene, locale),
    target: formatDuration(ctx.targetHours * HOUR_MS, locale),
  });
  const known = toPriority(ctx.priority);
  const priority = known ? priorityName(known, locale) : ctx.priority;
  const lines = steps.map((step) => {
    const key: MessageKey = `note.${step}`;
    switch (step) {
      case 'at_risk':
      case 'breached':
        return translate(locale, key);
      case 'l1':
      case 'l2': {
        const outcome = ctx.outcomes?.[step] ?? { kind: 'moved' };
        const group = ctx.groups[step];
        const vars = { after: formatDuration(ctx.hours[step] * HOUR_MS, locale), group, basis: l2Basis(ctx.l2CountedFrom ?? 'cycle', locale), priority };
        const line = translate(locale, `${key}${STEP_LINE_SUFFIX[outcome.kind]}` as MessageKey, vars);
        if (outcome.kind !== 'moved' || outcome.unassigned === undefined) return line;
        return `${line}\n${translate(locale, 'note.unassigned', { name: outcome.unassigned ?? translate(locale, 'note.someone'), group })}`;
      }
    }
  });
  return [head, ...lines].join('\n');
}
