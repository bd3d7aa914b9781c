/**
 * Which alerts go to which chat destinations: the `alert_routes` app setting, one rule a line.
 *
 *   l1 l2 -> team-wecom, oncall-slack      L1 and L2 of every tier
 *   breached core -> vip-feishu            first-response misses of core customers only
 *   all -> audit-teams                     every kind
 *   # a comment
 *
 * Left of `->`: alert kinds (ALERT_KINDS, or `all`) and optionally tiers (none = every tier),
 * separated by spaces or commas. Right: destination names, which the worker looks up in its
 * ALERT_DESTINATIONS secret (the URLs and signing secrets are never app settings).
 */
import { TIERS, type Tier } from '../domain.ts';
import { say, type MessageKey, type MessageVars, type Phrase } from '../i18n/index.ts';
import { ALERT_KINDS, isAlertKind, type AlertKind } from './kinds.ts';

export const DESTINATION_NAME = /^[a-z0-9][a-z0-9_-]{0,39}$/;

export interface AlertRoute {
  kinds: AlertKind[];
  /** Empty: every tier. */
  tiers: Tier[];
  destinations: string[];
}

export type RoutesResult = { ok: true; routes: AlertRoute[] } | { ok: false; problem: Phrase; /** The problem in English, for logs and scripts. */ message: string };

function refused(key: MessageKey, vars: MessageVars): RoutesResult {
  const problem = { key, vars };
  return { ok: false, problem, message: say('en', problem) };
}

const words = (text: string) => text.split(/[\s,]+/).filter((w) => w !== '');

export function parseAlertRoutes(text: string): RoutesResult {
  const routes: AlertRoute[] = [];
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const where = { line: index + 1, text: line.length > 60 ? `${line.slice(0, 57)}...` : line };
    const parts = line.split('->');
    if (parts.length !== 2) return refused('alertRoutes.shape', where);
    const kinds = new Set<AlertKind>();
    const tiers = new Set<Tier>();
    for (const word of words(parts[0]!.toLowerCase())) {
      if (word === 'all') ALERT_KINDS.forEach((k) => kinds.add(k));
      else if (isAlertKind(word)) kinds.add(word);
      else if ((TIERS as readonly string[]).includes(word)) tiers.add(word as Tier);
      else return refused('alertRoutes.unknownWord', { ...where, word, kinds: ALERT_KINDS.join(', '), tiers: TIERS.join(', ') });
    }
    if (kinds.size === 0) return refused('alertRoutes.noKind', { ...where, kinds: ALERT_KINDS.join(', ') });
    const destinations = words(parts[1]!);
    if (destinations.length === 0) return refused('alertRoutes.noDestination', where);
    const bad = destinations.find((d) => !DESTINATION_NAME.test(d));
    if (bad !== undefined) return refused('alertRoutes.badDestination', { ...where, name: bad });
    routes.push({ kinds: [...kinds], tiers: [...tiers], destinations: [...new Set(destinations)] });
  }
  return { ok: true, routes };
}

/**
 * The destinations an alert of this kind and tier goes to, each once, in the order the rules name
 * them; an alert whose tier is not known only follows rules that name no tier.
 */
export function destinationsFor(routes: readonly AlertRoute[], kind: AlertKind, tier: Tier | null): string[] {
  const names = routes.filter((r) => r.kinds.includes(kind) && (r.tiers.length === 0 || (tier !== null && r.tiers.includes(tier)))).flatMap((r) => r.destinations);
  return [...new Set(names)];
}
