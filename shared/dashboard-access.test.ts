import { describe, expect, it } from 'vitest';
import { parseSettings } from './settings.ts';
import { mayOpenDashboard } from './dashboard-access.ts';

describe('who may open the service dashboard', () => {
  it('lets in the roles the admin lists, whatever the case or spacing', () => {
    const { settings } = parseSettings({ dashboard_roles: ' Admin , Team lead ' });
    expect(settings.dashboard_roles).toBe('Admin,Team lead');
    expect(mayOpenDashboard('admin', settings.dashboard_roles)).toBe(true);
    expect(mayOpenDashboard('team lead', settings.dashboard_roles)).toBe(true);
    expect(mayOpenDashboard('agent', settings.dashboard_roles)).toBe(false);
    expect(mayOpenDashboard(undefined, settings.dashboard_roles)).toBe(false);
    expect(mayOpenDashboard('', settings.dashboard_roles)).toBe(false);
  });

  it('lets admins and agents in by default, and reports a list it cannot read', () => {
    expect(mayOpenDashboard('agent', parseSettings({}).settings.dashboard_roles)).toBe(true);
    expect(mayOpenDashboard('end-user', parseSettings({}).settings.dashboard_roles)).toBe(false);
    const bad = parseSettings({ dashboard_roles: 'admin;<script>' });
    expect(bad.settings.dashboard_roles).toBe('admin,agent');
    expect(bad.problems[0]?.message).toContain('dashboard_roles: must be role names separated by commas');
  });

  it('matches a custom role Zendesk reports by its id', () => {
    expect(mayOpenDashboard(360001234, 'admin,360001234')).toBe(true);
  });
});
