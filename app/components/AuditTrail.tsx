/**
 * What the automation did to this ticket, from the worker's audit trail (only when `worker_url`
 * is set). The bearer token is a secure setting: Zendesk's proxy fills it in, the browser never
 * sees it.
 */
import { memo, useEffect, useState } from 'react';
import styled from 'styled-components';
import { Dots } from '@zendeskgarden/react-loaders';
import { Notification } from '@zendeskgarden/react-notifications';
import { sceneName, tierName } from '../../shared/explain.ts';
import { changeWords, loadAudit, reasonWords, refusalNotice, stepWords, type AuditRow } from '../data/audit.ts';
import { errorMessage } from '../hooks/useRefreshingLoad.ts';
import { formatDateTime, useI18n } from '../i18n.ts';
import type { ZafClient } from '../zaf/types.ts';
import { Line, Muted, Section } from './Section.tsx';

const Rows = styled.ol`
  margin: 0;
  padding: 0;
  list-style: none;
  font-size: ${(p) => p.theme.fontSizes.sm};
`;

const Row = styled.li`
  margin: ${(p) => p.theme.space.xs} 0;
`;

type State = { status: 'loading' } | { status: 'ready'; rows: AuditRow[] } | { status: 'error'; message: string };

export const AuditTrail = memo(function AuditTrail({ client, workerUrl, tagPrefix, ticketId, version }: { client: ZafClient; workerUrl: string; tagPrefix: string; ticketId: number; version: number }) {
  const { t, locale } = useI18n();
  const [state, setState] = useState<State>({ status: 'loading' });

  useEffect(() => {
    let alive = true;
    loadAudit(client, workerUrl, ticketId)
      .then((rows) => alive && setState({ status: 'ready', rows }))
      .catch((error: unknown) => alive && setState({ status: 'error', message: errorMessage(error) }));
    return () => {
      alive = false;
    };
  }, [client, workerUrl, ticketId, version]);

  return (
    <Section title={t('audit.heading')}>
      <div data-testid="audit-trail" data-state={state.status}>
        {state.status === 'loading' && (
          <Line>
            <Dots aria-label={t('audit.loading')} /> <Muted>{t('audit.loading')}</Muted>
          </Line>
        )}
        {state.status === 'error' && <Line role="alert">{t('audit.error', { message: state.message })}</Line>}
        {state.status === 'ready' && state.rows.length === 0 && <Muted>{t('audit.empty')}</Muted>}
        {state.status === 'ready' && refusalNotice(state.rows, locale) !== null && (
          <Notification type="warning" role="status" data-testid="audit-refused">
            {refusalNotice(state.rows, locale)}
          </Notification>
        )}
        {state.status === 'ready' && state.rows.length > 0 && (
          <Rows>
            {state.rows.map((row) => (
              <Row key={`${row.step}:${row.correlationId}`} data-testid="audit-row" data-step={row.step}>
                <div>
                  <strong>{stepWords(row, locale)}</strong> <Muted>· {formatDateTime(Date.parse(row.at), locale)}</Muted>
                </div>
                <Muted>{t('audit.customer', { tier: tierName(row.tier, locale), scene: sceneName(row.scene, locale) })}</Muted>
                <div data-testid="audit-reason">{reasonWords(row, locale)}</div>
                {changeWords(row, tagPrefix, locale).map((line) => (
                  <div key={line} data-testid="audit-change">
                    {line}
                  </div>
                ))}
              </Row>
            ))}
          </Rows>
        )}
      </div>
    </Section>
  );
});
