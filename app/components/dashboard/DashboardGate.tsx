/**
 * What the dashboard locations show before their figures: nothing while the agent's role is
 * checked, "not available to your role" when the `dashboard_roles` setting leaves them out, and
 * where to set the worker URL when it is missing.
 */
import type { ReactNode } from 'react';
import { Notification, Title } from '@zendeskgarden/react-notifications';
import { useDashboardAccess } from '../../hooks/useDashboardAccess.ts';
import { useI18n } from '../../i18n.ts';
import { useRegistration } from '../../zaf/ClientProvider.tsx';

export function DashboardGate({ children }: { children: (workerUrl: string) => ReactNode }) {
  const { t } = useI18n();
  const { client, settings } = useRegistration();
  const access = useDashboardAccess(client, settings.dashboard_roles);
  if (access === 'checking') return null;
  if (access === 'denied') {
    return (
      <Notification type="warning" data-testid="dashboard-denied" role="alert">
        <Title>{t('dash.denied.title')}</Title>
        {t('dash.denied.body')}
      </Notification>
    );
  }
  if (!settings.worker_url) {
    return (
      <Notification type="info" data-testid="dashboard-no-worker">
        {t('dash.noWorker')}
      </Notification>
    );
  }
  return <>{children(settings.worker_url)}</>;
}
