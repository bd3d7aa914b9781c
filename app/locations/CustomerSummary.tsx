/** Tier + reason + tags and the account manager for a user or an organization (user and organization sidebars). */
import { useMemo } from 'react';
import { AccountManager } from '../components/AccountManager.tsx';
import { Empty, LoadError, Loading } from '../components/States.tsx';
import { SettingsProblems } from '../components/SettingsProblems.tsx';
import { TagGroups } from '../components/TagGroups.tsx';
import { TierBadge } from '../components/TierBadge.tsx';
import { accountManagerId } from '../data/care.ts';
import { buildCustomerView } from '../data/customer.ts';
import type { ProfileSnapshot } from '../data/profile.ts';
import type { LoadState } from '../hooks/useRefreshingLoad.ts';
import { useI18n } from '../i18n.ts';
import { useRegistration } from '../zaf/ClientProvider.tsx';

export function CustomerSummary({ state, refresh }: { state: LoadState<ProfileSnapshot>; refresh: () => void }) {
  const { problems } = useRegistration();
  return (
    <>
      <SettingsProblems problems={problems} />
      {state.status === 'loading' && <Loading />}
      {state.status === 'error' && <LoadError message={state.message} onRetry={refresh} />}
      {state.status === 'ready' && <Summary snapshot={state.data} loadedAt={state.loadedAt} />}
    </>
  );
}

function Summary({ snapshot, loadedAt }: { snapshot: ProfileSnapshot; loadedAt: number }) {
  const { client, settings } = useRegistration();
  const { t, locale } = useI18n();
  const view = useMemo(
    () => (snapshot.user || snapshot.organization ? buildCustomerView({ user: snapshot.user, organization: snapshot.organization }, settings, locale, loadedAt) : null),
    [snapshot, settings, locale, loadedAt],
  );
  const managerId = accountManagerId(snapshot.user, snapshot.organization, settings);
  if (!view) return <Empty text={t('noCustomer')} testId="no-customer" />;
  return (
    <>
      <TierBadge tier={view.tier} explanation={view.explanation} />
      <TagGroups tags={view.tags} careDates={view.careDates} churn={view.churn} />
      {managerId !== null && <AccountManager client={client} managerId={managerId} />}
    </>
  );
}
