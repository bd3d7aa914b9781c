/**
 * Whether the signed-in agent may see the dashboard locations (shared/dashboard-access.ts), from
 * one batched `get` that also reports the agent's language and colour scheme.
 */
import { useEffect, useState } from 'react';
import { mayOpenDashboard } from '../../shared/dashboard-access.ts';
import { toColorScheme } from '../data/ticket.ts';
import type { ZafClient } from '../zaf/types.ts';
import { useAgentPrefs } from './useAgentPrefs.ts';

export type DashboardAccess = 'checking' | 'allowed' | 'denied';

export function useDashboardAccess(client: ZafClient, roles: string): DashboardAccess {
  const prefs = useAgentPrefs();
  const [access, setAccess] = useState<DashboardAccess>('checking');
  useEffect(() => {
    let alive = true;
    client
      .get(['currentUser.role', 'currentUser.locale', 'colorScheme'])
      .then((answer) => {
        if (!alive) return;
        prefs.setLocale(typeof answer['currentUser.locale'] === 'string' ? answer['currentUser.locale'] : null);
        prefs.setColorScheme(toColorScheme(answer['colorScheme']));
        setAccess(mayOpenDashboard(answer['currentUser.role'], roles) ? 'allowed' : 'denied');
      })
      .catch(() => alive && setAccess('denied'));
    return () => {
      alive = false;
    };
  }, [client, roles, prefs]);
  return access;
}
