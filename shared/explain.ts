/** Human words for what Tierwise decided, in English and Simplified Chinese. */
import type { Locale, Scene, Tier } from './domain.ts';
import type { Step } from './sla.ts';
import type { Metric, TierResult } from './tier.ts';

const TIER_NAMES: Record<Locale, Record<Tier, string>> = {
  en: { core: 'Core', potential: 'Potential', basic: 'Basic' },
  'zh-CN': { core: '核心客户', potential: '潜力客户', basic: '基础客户' },
};

const SCENE_NAMES: Record<Locale, Record<Scene, string>> = {
  en: { presale: 'pre-sales inquiry', insale: 'order in progress', aftersale: 'after-sales fault' },
  'zh-CN': { presale: '售前咨询', insale: '售中问题', aftersale: '售后故障' },
};

const METRIC_NAMES: Record<Locale, Record<Metric, string>> = {
  en: { annual_spend: 'annual spend', orders: 'orders a year' },
  'zh-CN': { annual_spend: '年度消费', orders: '年订单数' },
};

const SOURCE_NAMES: Record<Locale, Record<'organization' | 'user', string>> = {
  en: { organization: 'organization', user: 'user' },
  'zh-CN': { organization: '组织', user: '用户' },
};

export function tierName(tier: Tier, locale: Locale): string {
  return TIER_NAMES[locale][tier];
}

export function sceneName(scene: Scene, locale: Locale): string {
  return SCENE_NAMES[locale][scene];
}

export function formatNumber(value: number, locale: Locale): string {
  return new Intl.NumberFormat(locale === 'zh-CN' ? 'zh-CN' : 'en-US', { maximumFractionDigits: 2 }).format(value);
}

/** e.g. "Core: annual spend 620,000 >= 500,000, organization Acme" */
export function explainTier(result: TierResult, locale: Locale): string {
  const zh = locale === 'zh-CN';
  const head = `${tierName(result.tier, locale)}${zh ? '：' : ': '}`;
  const reason = result.reason;
  const where = (source: 'organization' | 'user', name: string | null) =>
    zh ? `（${SOURCE_NAMES[locale][source]}${name ? ` ${name}` : ''}）` : `, ${SOURCE_NAMES[locale][source]}${name ? ` ${name}` : ''}`;
  switch (reason.rule) {
    case 'override':
      return head + (zh ? '手动指定' : 'set by hand (tier override)') + where(reason.source, reason.name);
    case 'threshold':
      return head + reason.matched.map((m) => `${METRIC_NAMES[locale][m.metric]} ${formatNumber(m.value, locale)} >= ${formatNumber(m.threshold, locale)}`).join(zh ? '，' : ', ') + where(reason.source, reason.name);
    case 'below_thresholds':
      return head + reason.readings.map((m) => `${METRIC_NAMES[locale][m.metric]} ${formatNumber(m.value, locale)} < ${formatNumber(m.threshold, locale)}`).join(zh ? '，' : ', ') + where(reason.source, reason.name);
    case 'no_data':
      return head + (zh ? '没有消费或订单数据' : 'no spend or order data');
  }
}

/** "24 h", "90 min", "40 s" (or 小时/分钟/秒): hours as a person would say them. */
export function formatDuration(hours: number, locale: Locale): string {
  const zh = locale === 'zh-CN';
  if (hours >= 1) return `${formatNumber(hours, locale)}${zh ? ' 小时' : ' h'}`;
  const minutes = hours * 60;
  if (minutes >= 1) return `${formatNumber(Math.round(minutes * 10) / 10, locale)}${zh ? ' 分钟' : ' min'}`;
  return `${formatNumber(Math.round(minutes * 60), locale)}${zh ? ' 秒' : ' s'}`;
}

export interface EscalationNoteContext {
  tier: Tier;
  scene: Scene;
  targetHours: number;
  hours: { l1: number; l2: number };
  groups: { l1: string; l2: string };
  priority: string;
}

export function escalationNote(steps: readonly Step[], ctx: EscalationNoteContext, locale: Locale): string {
  const zh = locale === 'zh-CN';
  const who = zh
    ? `${tierName(ctx.tier, locale)}，${sceneName(ctx.scene, locale)}，首次响应目标 ${formatDuration(ctx.targetHours, locale)}`
    : `${tierName(ctx.tier, locale)} customer, ${sceneName(ctx.scene, locale)}, first-response target ${formatDuration(ctx.targetHours, locale)}`;
  const lines = steps.map((step) => {
    switch (step) {
      case 'at_risk':
        return zh ? '首次响应时效即将超时：尚无客服回复。' : 'First-response target at risk: no agent reply yet.';
      case 'breached':
        return zh ? '首次响应已超时：目标时间内没有客服回复。' : 'First-response target missed: no agent reply within the target.';
      case 'l1':
        return zh
          ? `${formatDuration(ctx.hours.l1, locale)}未处理，已升级至${ctx.groups.l1}（一级升级）。`
          : `Not handled ${formatDuration(ctx.hours.l1, locale)} after creation: escalated to ${ctx.groups.l1} (L1).`;
      case 'l2':
        return zh
          ? `${formatDuration(ctx.hours.l2, locale)}未解决，已升级至${ctx.groups.l2}（二级升级），优先级 ${ctx.priority}。`
          : `Not solved ${formatDuration(ctx.hours.l2, locale)} after creation: escalated to ${ctx.groups.l2} (L2), priority ${ctx.priority}.`;
    }
  });
  return [`Tierwise (${who})`, ...lines].join('\n');
}
