/** The vocabulary of the domain (docs/rules.md), shared by the worker, the sidebar and the sandbox. */

export const TIERS = ['core', 'potential', 'basic'] as const;
export type Tier = (typeof TIERS)[number];

export const SCENES = ['presale', 'insale', 'aftersale'] as const;
export type Scene = (typeof SCENES)[number];

/** Zendesk priorities, lowest first, so an index comparison tells which is higher. */
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const STATUSES = ['new', 'open', 'pending', 'hold', 'solved', 'closed'] as const;
export type TicketStatus = (typeof STATUSES)[number];

/** One hour in milliseconds: settings say hours, clocks count milliseconds. */
export const HOUR_MS = 3_600_000;

/** The largest money amount (annual spend) and order count Tierwise reads or accepts as a threshold. */
export const MAX_AMOUNT = 1e12;
export const MAX_ORDERS = 1_000_000;

export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

export function isTier(value: unknown): value is Tier {
  return typeof value === 'string' && (TIERS as readonly string[]).includes(value);
}

export function isScene(value: unknown): value is Scene {
  return typeof value === 'string' && (SCENES as readonly string[]).includes(value);
}

/** Zendesk sends enum values in varying case ("HIGH", "High", "high"). */
export function toPriority(value: unknown): Priority | null {
  if (typeof value !== 'string') return null;
  const lower = value.trim().toLowerCase();
  return (PRIORITIES as readonly string[]).includes(lower) ? (lower as Priority) : null;
}

export function toStatus(value: unknown): TicketStatus | null {
  if (typeof value !== 'string') return null;
  const lower = value.trim().toLowerCase();
  return (STATUSES as readonly string[]).includes(lower) ? (lower as TicketStatus) : null;
}

export function priorityRank(priority: Priority | null): number {
  return priority === null ? -1 : PRIORITIES.indexOf(priority);
}

export function isSolved(status: TicketStatus | null): boolean {
  return status === 'solved' || status === 'closed';
}

/** Resolve an agent's locale ("zh-cn", "zh-Hans", "zh", "en-US") to a language Tierwise speaks. */
export function toLocale(value: unknown): Locale {
  if (typeof value !== 'string') return 'en';
  return value.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}
