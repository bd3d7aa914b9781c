/** Organization sidebar: the organization's tier, reason and tags, from one batched get. */
import { useCallback, useMemo } from 'react';
import { fromOrganizationGet, organizationEvents, organizationPaths, type ProfileSnapshot } from '../data/profile.ts';
import { useAgentPrefs } from '../hooks/useAgentPrefs.ts';
import { useRefreshingLoad } from '../hooks/useRefreshingLoad.ts';
import { useRegistration } from '../zaf/ClientProvider.tsx';
import { CustomerSummary } from './CustomerSummary.tsx';

export function OrganizationSidebar() {
  const { client, settings } = useRegistration();
  const prefs = useAgentPrefs();
  const paths = useMemo(() => organizationPaths(settings), [settings]);
  const events = useMemo(() => organizationEvents(settings), [settings]);
  const load = useCallback(async (): Promise<ProfileSnapshot> => {
    const snapshot = fromOrganizationGet(await client.get(paths), settings);
    prefs.setLocale(snapshot.locale);
    prefs.setColorScheme(snapshot.colorScheme);
    return snapshot;
  }, [client, paths, settings, prefs]);
  const { state, refresh } = useRefreshingLoad(client, load, events);
  return <CustomerSummary state={state} refresh={refresh} />;
}
