/** Loading, error and empty states shared by the locations. */
import { Dots } from '@zendeskgarden/react-loaders';
import { Button } from '@zendeskgarden/react-buttons';
import { Notification, Title } from '@zendeskgarden/react-notifications';
import { useI18n } from '../i18n.ts';
import { Line, Muted } from './Section.tsx';

export function Loading({ text }: { text?: string }) {
  const { t } = useI18n();
  return (
    <Line data-testid="loading" role="status">
      <Dots aria-hidden="true" /> <Muted>{text ?? t('loading')}</Muted>
    </Line>
  );
}

/** `title`: the whole sentence, when a location says more than "Could not load the data". */
export function LoadError({ message, onRetry, title }: { message: string; onRetry: () => void; title?: string }) {
  const { t } = useI18n();
  return (
    <Notification type="error" data-testid="load-error" role="alert">
      <Title>{title ?? t('error.load', { message })}</Title>
      <Button size="small" onClick={onRetry}>
        {t('error.retry')}
      </Button>
    </Notification>
  );
}

export function Empty({ text, testId }: { text: string; testId: string }) {
  return (
    <Notification type="info" data-testid={testId}>
      {text}
    </Notification>
  );
}
