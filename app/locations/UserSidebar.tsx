/** User sidebar: the user's tier (with their organization's numbers), reason and tags. */
import { useCallback, useMemo } from 'react';
import { fromUserResponse, USER_PATHS, userEvents, userUrl, type ProfileSnapshot } from '../data/profile.ts';
import { toId } from '../data/ticket.ts';
import { useAgentPrefs } from '../hooks/useAgentPrefs.ts';
import { useRefreshingLoad } from '../hooks/useRefreshingLoad.ts';
import { useRegistration } from '../zaf/ClientProvider.tsx';
import { CustomerSummary } from './CustomerSummary.tsx';

export function UserSidebar() {
  const { client, settings } = useRegistration();
  const prefs = useAgentPrefs();
  const events = useMemo(() => userEvents(settings), [settings]);
  const load = useCallback(async (): Promise<ProfileSnapshot> => {
    const result = await client.get([...USER_PATHS]);
    prefs.setLocale(typeof result['currentUser.locale'] === 'string' ? result['currentUser.locale'] : null);
    const id = toId(result['user.id']);
    const snapshot: ProfileSnapshot = id === null ? fromUserResponse({}, result) : fromUserResponse(await client.request(userUrl(id)), result);
    prefs.setColorScheme(snapshot.colorScheme);
    return snapshot;
  }, [client, prefs]);
  const { state, refresh } = useRefreshingLoad(client, load, events);
  return <CustomerSummary state={state} refresh={refresh} />;
}
