import { describe, expect, it } from 'vitest';
import { destinationsFor, parseAlertRoutes } from './routes.ts';

describe('alert routes (the alert_routes setting)', () => {
  it('reads kinds, optional tiers and destinations, one rule a line, comments and blank lines ignored', () => {
    const parsed = parseAlertRoutes('# escalations\nl1 l2 -> team-wecom, oncall-slack\n\nbreached, core -> vip-feishu\nall potential -> audit-teams');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(destinationsFor(parsed.routes, 'l1', 'basic')).toEqual(['team-wecom', 'oncall-slack']);
    expect(destinationsFor(parsed.routes, 'breached', 'core')).toEqual(['vip-feishu']);
    expect(destinationsFor(parsed.routes, 'breached', 'basic')).toEqual([]);
    expect(destinationsFor(parsed.routes, 'bad_csat', 'potential')).toEqual(['audit-teams']);
    expect(destinationsFor(parsed.routes, 'l2', 'potential')).toEqual(['team-wecom', 'oncall-slack', 'audit-teams']);
  });

  it('names the line and the word it cannot read', () => {
    const problem = (text: string) => {
      const parsed = parseAlertRoutes(text);
      return parsed.ok ? null : parsed.message;
    };
    expect(problem('l1 -> a\nl3 -> b')).toBe('line 2 ("l3 -> b"): "l3" is neither an alert kind (at_risk, breached, l1, l2, bad_csat, follow_up_overdue, all) nor a tier (core, potential, basic)');
    expect(problem('l1 team')).toBe('line 1 ("l1 team"): write a rule as "<kinds> [tiers] -> <destinations>", e.g. "l1 l2 -> team-wecom"');
    expect(problem('core -> a')).toContain('name at least one alert kind');
    expect(problem('l1 ->')).toContain('name at least one destination');
    expect(problem('l1 -> Team WeCom!')).toContain('"Team" is not a destination name');
  });

  it('is empty by default: no alerts', () => {
    expect(parseAlertRoutes('')).toEqual({ ok: true, routes: [] });
  });
});
