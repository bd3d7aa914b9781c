/**
 * Every threshold Tierwise uses, with the defaults of docs/rules.md. Admins set them as app
 * parameters in Zendesk (manifest.json is checked against this list); the worker reads the same
 * installation settings through the API. A bad value never breaks anything: it is reported,
 * naming the setting, and the default is used instead.
 */
import * as z from 'zod/mini';
import type { $ZodType } from 'zod/v4/core';
import { parseAlertRoutes } from './alerts/routes.ts';
import { parseHolidays } from './care/holidays.ts';
import { say, translate, type MessageKey, type MessageVars, type Phrase } from './i18n/index.ts';
import { LOCALES, MAX_AMOUNT, MAX_ORDERS, PRIORITIES, SCENES, type Locale, type Priority, type Scene } from './domain.ts';

/**
 * What escalating to a level does (docs/rules.md#handled-solved-and-escalation): `move` the
 * ticket to the level's group (its assignee stays when a member, else it is unassigned), or
 * `bring_in` the group's members as followers, leaving group and assignee as they are.
 */
export const ESCALATION_MODES = ['move', 'bring_in'] as const;
export type EscalationMode = (typeof ESCALATION_MODES)[number];

export type SettingGroup = 'tiers' | 'fields' | 'sla' | 'escalation' | 'priority' | 'tags' | 'playbook' | 'care' | 'worker' | 'dashboard';
export type SettingKind = 'number' | 'text' | 'checkbox' | 'url' | 'multiline';

interface SettingSpec<T> {
  group: SettingGroup;
  kind: SettingKind;
  default: T;
  schema: $ZodType<T, unknown>;
  /** Never sent to the browser: Zendesk substitutes it server-side ({{setting.x}}). */
  secure?: boolean;
}

// zod/mini keeps the sidebar bundle small. Every rule's message is a catalogue key (with its vars,
// written by `says`), worded in the reader's language at the edge (describeProblem).
const says = (key: MessageKey, vars?: MessageVars): string => (vars ? `${key} ${JSON.stringify(vars)}` : key);
const number = (message: string, ...checks: Parameters<ReturnType<typeof z.coerce.number>['check']>) =>
  z.coerce.number({ error: message }).check(z.refine((n) => Number.isFinite(n), message), ...checks);
const AMOUNT = MAX_AMOUNT.toLocaleString('en-US');
const amount = number(says('setting.amount', { max: AMOUNT }), z.gte(0, says('setting.notNegative')), z.lte(MAX_AMOUNT, says('setting.atMost', { max: AMOUNT })));
const count = number(says('setting.wholeRange', { min: 0, max: '1,000,000' }), z.int(says('setting.whole')), z.gte(0, says('setting.notNegative')), z.lte(MAX_ORDERS, says('setting.atMost', { max: '1,000,000' })));
const hours = number(says('setting.hours'), z.gt(0, says('setting.hoursAboveZero')), z.lte(24 * 365, says('setting.hoursAtMostYear')));
const retentionDays = number(says('setting.daysRange', { min: 30, max: 3650 }), z.int(says('setting.wholeDays')), z.gte(30, says('setting.daysAtLeast', { min: 30 })), z.lte(3650, says('setting.daysAtMostTenYears')));
const share = number(says('setting.share'), z.gt(0, says('setting.aboveZero')), z.lt(1, says('setting.belowOne')));
const factor = number(says('setting.factor'), z.gt(0, says('setting.aboveZero')), z.lte(10, says('setting.atMost', { max: 10 })));
const fieldKey = z.string().check(z.regex(/^[A-Za-z0-9_]{1,64}$/, says('setting.fieldKey')));
const oneOf = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { error: says('setting.oneOf', { values: values.join(', ') }) });
const priority = oneOf(PRIORITIES);
const scene = oneOf(SCENES);
const flag = z.union([z.boolean(), z.pipe(z.enum(['true', 'false']), z.transform((v) => v === 'true'))], { error: says('setting.flag') });
const maxChars = (max: number) => z.maxLength(max, says('setting.maxChars', { max }));
const groupRef = z.string().check(z.minLength(1, says('setting.groupName')), maxChars(120));
const text = z.string().check(maxChars(2000));
const optionalId = z.pipe(
  z.union([z.literal(''), z.coerce.number().check(z.int(), z.gt(0))], { error: says('setting.ticketFieldId') }),
  z.transform((v) => (v === '' ? null : v)),
);
/**
 * https only: the sidebar sends the agent's signed token there. Plain http only to this machine
 * (localhost, 127.0.0.1, [::1]: the sandbox's worker; browsers treat loopback as secure).
 */
const LOOPBACK_HTTP = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?(\/|$)/i;
const optionalUrl = z.pipe(
  z.union([z.literal(''), z.url({ protocol: /^https?$/, error: says('setting.url') }).check(z.refine((v) => /^https:/i.test(v) || LOOPBACK_HTTP.test(v), says('setting.url')))], { error: says('setting.url') }),
  z.transform((v) => (v === '' ? null : v.replace(/\/+$/, ''))),
);
/** Comma-separated Zendesk roles ("admin", "agent" or a custom role as ZAF's `currentUser.role` reports it). */
const roleList = z.pipe(
  z.string().check(z.regex(/^\s*[\w .-]{1,64}(\s*,\s*[\w .-]{1,64})*\s*$/, says('setting.roles'))),
  z.transform((v) => v.split(',').map((role) => role.trim()).filter(Boolean).join(',')),
);
const alertRoutes = z.string().check(
  maxChars(4000),
  z.superRefine((text, ctx) => {
    const parsed = parseAlertRoutes(text);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: says(parsed.problem.key, parsed.problem.vars), input: text });
  }),
);
const tagPrefix = z.string().check(z.regex(/^[a-z0-9][a-z0-9_]{0,30}$/, says('setting.tagPrefix')));

// Care cadence (docs/rules.md#care-cadence).
const days = number(says('setting.daysRange', { min: 1, max: 3650 }), z.int(says('setting.whole')), z.gte(1, says('setting.daysAtLeastOne')), z.lte(3650, says('setting.daysAtMost', { max: 3650 })));
const month = number(says('setting.month'), z.int(says('setting.whole')), z.gte(1, says('setting.monthRange')), z.lte(12, says('setting.monthRange')));
const holidayLines = text.check(z.superRefine((value, ctx) => {
  for (const problem of parseHolidays(value).problems) ctx.addIssue({ code: 'custom', message: says(problem.key, problem.vars), input: value });
}));
const optionalGroup = z.string().check(maxChars(120));

function spec<T>(group: SettingGroup, kind: SettingKind, defaultValue: T, schema: $ZodType<T, unknown>, secure = false): SettingSpec<T> {
  return { group, kind, default: defaultValue, schema, secure };
}

export const SETTING_SPECS = {
  core_min_annual_spend: spec('tiers', 'number', 500_000, amount),
  core_min_orders: spec('tiers', 'number', 10, count),
  potential_min_annual_spend: spec('tiers', 'number', 100_000, amount),
  potential_min_orders: spec('tiers', 'number', 5, count),
  annual_spend_field: spec('fields', 'text', 'annual_spend', fieldKey),
  orders_field: spec('fields', 'text', 'orders_per_year', fieldKey),
  tier_override_field: spec('fields', 'text', 'tier_override', fieldKey),
  birthday_field: spec('fields', 'text', 'birthday', fieldKey),
  anniversary_field: spec('fields', 'text', 'partnership_anniversary', fieldKey),
  last_interaction_field: spec('fields', 'text', 'last_interaction', fieldKey),
  care_date_window_days: spec('fields', 'number', 7, count),
  churn_after_days: spec('fields', 'number', 180, count),
  scene_field_id: spec<number | null>('sla', 'number', null, optionalId),
  default_scene: spec<Scene>('sla', 'text', 'presale', scene),
  sla_presale_hours: spec('sla', 'number', 1, hours),
  sla_insale_hours: spec('sla', 'number', 2, hours),
  sla_aftersale_hours: spec('sla', 'number', 4, hours),
  sla_factor_core: spec('sla', 'number', 0.5, factor),
  sla_factor_potential: spec('sla', 'number', 1, factor),
  sla_factor_basic: spec('sla', 'number', 1, factor),
  sla_warning_share: spec('sla', 'number', 0.75, share),
  escalation_l1_hours: spec('escalation', 'number', 24, hours),
  escalation_l2_hours: spec('escalation', 'number', 48, hours),
  escalation_l1_group: spec('escalation', 'text', 'Supervisors', groupRef),
  escalation_l2_group: spec('escalation', 'text', 'Department heads', groupRef),
  escalation_l1_mode: spec<EscalationMode>('escalation', 'text', 'move', oneOf(ESCALATION_MODES)),
  escalation_l2_mode: spec<EscalationMode>('escalation', 'text', 'bring_in', oneOf(ESCALATION_MODES)),
  escalation_l2_priority: spec<Priority>('escalation', 'text', 'urgent', priority),
  note_locale: spec<Locale>('escalation', 'text', 'en', oneOf(LOCALES)),
  alert_routes: spec('escalation', 'multiline', '', alertRoutes),
  alert_show_assignee: spec('escalation', 'checkbox', false, flag),
  alert_show_subject: spec('escalation', 'checkbox', false, flag),
  priority_core: spec<Priority>('priority', 'text', 'high', priority),
  priority_potential: spec<Priority>('priority', 'text', 'normal', priority),
  priority_basic: spec<Priority>('priority', 'text', 'low', priority),
  priority_aftersale_raise: spec('priority', 'checkbox', true, flag),
  tag_prefix: spec('tags', 'text', 'tierwise', tagPrefix),
  playbook_core: spec('playbook', 'multiline', '', text),
  playbook_potential: spec('playbook', 'multiline', '', text),
  playbook_basic: spec('playbook', 'multiline', '', text),
  care_core_days: spec('care', 'number', 30, days),
  care_potential_days: spec('care', 'number', 14, days),
  care_survey_month: spec('care', 'number', 1, month),
  care_holidays: spec('care', 'multiline', '', holidayLines),
  care_group: spec('care', 'text', '', optionalGroup),
  account_manager_field: spec('care', 'text', 'account_manager', fieldKey),
  follow_up_next_date_field_id: spec<number | null>('care', 'number', null, optionalId),
  worker_url: spec<string | null>('worker', 'url', null, optionalUrl),
  worker_token: spec('worker', 'text', '', z.string().check(maxChars(512)), true),
  dashboard_roles: spec('dashboard', 'text', 'admin,agent', roleList),
  facts_retention_days: spec('worker', 'number', 400, retentionDays),
  audit_retention_days: spec('worker', 'number', 365, retentionDays),
} as const;

type Specs = typeof SETTING_SPECS;
export type SettingKey = keyof Specs;
export type Settings = { readonly [K in SettingKey]: Specs[K] extends SettingSpec<infer T> ? T : never };
export const SETTING_KEYS = Object.keys(SETTING_SPECS) as SettingKey[];

export const DEFAULT_SETTINGS: Settings = Object.fromEntries(
  SETTING_KEYS.map((key) => [key, SETTING_SPECS[key].default]),
) as unknown as Settings;

export interface SettingProblem {
  setting: SettingKey;
  value: unknown;
  /** What is wrong, as data; describeProblem words it with the setting, value and default. */
  problem: Phrase;
  /** describeProblem in English, for logs and scripts. */
  message: string;
}

/** The whole sentence an admin reads about a problem, in their language. */
export function describeProblem(problem: Omit<SettingProblem, 'message'>, locale: Locale): string {
  const detail = say(locale, problem.problem);
  if (problem.problem.key === 'setting.belowOther') return detail;
  return translate(locale, 'setting.usingDefault', { setting: problem.setting, detail, value: JSON.stringify(problem.value), default: JSON.stringify(SETTING_SPECS[problem.setting].default) });
}

function settingProblem(setting: SettingKey, value: unknown, problem: Phrase): SettingProblem {
  const data = { setting, value, problem };
  return { ...data, message: describeProblem(data, 'en') };
}

/** The catalogue key and vars a rule's message carries (see `says`). */
function heard(message: string | undefined): Phrase {
  const space = message?.indexOf(' ') ?? -1;
  const key = (space < 0 ? message : message!.slice(0, space)) as MessageKey | undefined;
  // A message zod wrote itself (no rule of ours caught the value) is no catalogue key.
  if (key === undefined || !key.startsWith('setting.') && !key.startsWith('alertRoutes.') && !key.startsWith('holidays.')) return { key: 'setting.invalid', vars: {} };
  return { key, vars: space < 0 ? {} : (JSON.parse(message!.slice(space + 1)) as MessageVars) };
}

export interface ParsedSettings {
  settings: Settings;
  problems: SettingProblem[];
}

/**
 * Read raw app settings (strings, numbers or booleans, as Zendesk stores them). Unknown keys are
 * ignored (Zendesk adds its own, such as `name` and `title`); an empty value means "use the
 * default"; an invalid value is reported and replaced by the default.
 */
export function parseSettings(raw: Readonly<Record<string, unknown>> | null | undefined): ParsedSettings {
  const values: Record<string, unknown> = {};
  const problems: SettingProblem[] = [];
  for (const key of SETTING_KEYS) {
    const spec: SettingSpec<unknown> = SETTING_SPECS[key];
    const value = raw?.[key];
    if (value === undefined || value === null || (value === '' && spec.kind !== 'url')) {
      values[key] = spec.default;
      continue;
    }
    const result = z.safeParse(spec.schema, typeof value === 'string' && spec.kind !== 'multiline' ? value.trim() : value);
    if (result.success) {
      values[key] = result.data;
    } else {
      values[key] = spec.default;
      problems.push(settingProblem(key, value, heard(result.error.issues[0]?.message)));
    }
  }
  problems.push(...crossCheck(values as unknown as Settings));
  return { settings: values as unknown as Settings, problems };
}

/** Rules that involve two settings; each is reported on the later one, whose default then applies. */
function crossCheck(settings: Settings): SettingProblem[] {
  const problems: SettingProblem[] = [];
  const mutable = settings as { -readonly [K in SettingKey]: Settings[K] };
  const pairs: Array<[SettingKey, SettingKey]> = [
    ['potential_min_annual_spend', 'core_min_annual_spend'],
    ['potential_min_orders', 'core_min_orders'],
    ['escalation_l1_hours', 'escalation_l2_hours'],
  ];
  for (const [lower, higher] of pairs) {
    if ((settings[lower] as number) > (settings[higher] as number)) {
      problems.push(settingProblem(higher, settings[higher], { key: 'setting.belowOther', vars: { setting: higher, value: String(settings[higher]), other: lower, otherValue: String(settings[lower]) } }));
      (mutable as Record<string, unknown>)[lower] = SETTING_SPECS[lower].default;
      (mutable as Record<string, unknown>)[higher] = SETTING_SPECS[higher].default;
    }
  }
  return problems;
}
