/**
 * Who may open the service dashboard and today's summary: the roles an admin lists in the
 * `dashboard_roles` setting, compared with the role Zendesk reports for the signed-in agent
 * (ZAF `currentUser.role`: "admin", "agent", or a custom role as Zendesk names it to apps).
 */

/** The roles of a `dashboard_roles` value, lower-cased, blanks dropped. */
export function dashboardRoles(setting: string): string[] {
  return setting
    .split(',')
    .map((role) => role.trim().toLowerCase())
    .filter(Boolean);
}

export function mayOpenDashboard(role: unknown, setting: string): boolean {
  if (typeof role !== 'string' && typeof role !== 'number') return false;
  const mine = String(role).trim().toLowerCase();
  return mine !== '' && dashboardRoles(setting).includes(mine);
}
