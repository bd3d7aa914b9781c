/** Shown when the page is opened outside Zendesk (ZAFClient.init() returned false). */
import { Notification, Title } from '@zendeskgarden/react-notifications';
import { useI18n } from '../i18n.ts';

export function NotInZendesk() {
  const { t } = useI18n();
  return (
    <Notification type="info" data-testid="not-in-zendesk">
      <Title>{t('notInZendesk.title')}</Title>
      {t('notInZendesk.body')}
    </Notification>
  );
}
