/**
 * The top bar's compact summary: first-response breaches, escalations and tickets at risk since
 * 00:00 UTC, from the worker's `GET /api/reports/today`. Refreshes when the pane is opened again.
 */
import styled from 'styled-components';
import { getColor } from '@zendeskgarden/react-theming';
import { DashboardGate } from '../components/dashboard/DashboardGate.tsx';
import { Loading } from '../components/States.tsx';
import { parseTodaySummary, todayRequest } from '../data/serviceReport.ts';
import { useRefreshingLoad } from '../hooks/useRefreshingLoad.ts';
import { formatNumber } from '../../shared/i18n/index.ts';
import { useI18n } from '../i18n.ts';
import { useRegistration } from '../zaf/ClientProvider.tsx';
import type { TodaySummary } from '../../shared/reports.ts';

const Figures = styled.dl`
  display: grid;
  grid-template-columns: repeat(2, minmax(0, 1fr));
  gap: ${(p) => p.theme.space.xs} ${(p) => p.theme.space.md};
  margin: ${(p) => p.theme.space.xs} 0 0;
  dt {
    color: ${(p) => getColor({ theme: p.theme, variable: 'foreground.subtle' })};
    font-size: ${(p) => p.theme.fontSizes.sm};
  }
  dd {
    margin: 0;
    font-size: ${(p) => p.theme.fontSizes.xl};
    font-weight: ${(p) => p.theme.fontWeights.semibold};
  }
`;

const Heading = styled.h1`
  margin: 0;
  font-size: ${(p) => p.theme.fontSizes.md};
`;

const KEYS = ['breached', 'l1', 'l2', 'atRisk'] as const;

function Today({ workerUrl }: { workerUrl: string }) {
  const { t, locale } = useI18n();
  const { client } = useRegistration();
  const { state } = useRefreshingLoad<TodaySummary>(client, async () => parseTodaySummary(await client.request(todayRequest(workerUrl))), ['pane.activated']);
  if (state.status === 'loading') return <Loading text={t('dash.today.loading')} />;
  if (state.status === 'error') return <div role="alert" data-testid="today-error">{t('dash.today.error', { message: state.message })}</div>;
  return (
    <section data-testid="today-summary" data-date={state.data.date}>
      <Heading>{t('dash.today.title')}</Heading>
      <Figures>
        {KEYS.map((key) => (
          <div key={key} data-testid={`today-${key}`} data-value={state.data[key]}>
            <dt>{t(`dash.today.${key}`)}</dt>
            <dd>{formatNumber(state.data[key], locale)}</dd>
          </div>
        ))}
      </Figures>
    </section>
  );
}

export default function TodaySummaryBar() {
  return <DashboardGate>{(workerUrl) => <Today workerUrl={workerUrl} />}</DashboardGate>;
}
