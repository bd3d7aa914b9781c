/**
 * The nav bar's full page: service quality per tier and scene for a chosen period beside the
 * previous one (first response, escalations, resolution and backlog, satisfaction, the customer
 * base, the five dimensions, weekly trends), every table exportable as CSV. Loaded on demand
 * (app/locations/index.ts), so the sidebar never carries the chart code.
 */
import { useEffect, useMemo, useState } from 'react';
import styled, { useTheme } from 'styled-components';
import { Tab, TabList, TabPanel, Tabs } from '@zendeskgarden/react-tabs';
import { getColor } from '@zendeskgarden/react-theming';
import { TIERS } from '../../shared/domain.ts';
import { formatNumber } from '../../shared/i18n/index.ts';
import type { ServiceReport } from '../../shared/reports.ts';
import { DashboardGate } from '../components/dashboard/DashboardGate.tsx';
import { DimensionRadar } from '../components/dashboard/DimensionRadar.tsx';
import { FigureTable } from '../components/dashboard/FigureTable.tsx';
import { PeriodPicker, type PeriodChoice } from '../components/dashboard/PeriodPicker.tsx';
import { WeeklyCharts } from '../components/dashboard/WeeklyCharts.tsx';
import type { Scheme } from '../components/dashboard/charts.ts';
import { LoadError, Loading } from '../components/States.tsx';
import { nameRequests, namesFrom } from '../data/customerNames.ts';
import { lastDays, lastDayOf } from '../data/period.ts';
import {
  backlogTable, badReasonsTable, dimensionsTable, distributionTable, escalationsTable, firstResponseTable, resolutionTable, satisfactionTable, topCustomersTable, weeklyTable, type TableModel,
} from '../data/reportTables.ts';
import { parseServiceReport, serviceReportRequest } from '../data/serviceReport.ts';
import { errorMessage } from '../hooks/useRefreshingLoad.ts';
import { formatDate, formatDateTime, useI18n } from '../i18n.ts';
import { useRegistration } from '../zaf/ClientProvider.tsx';
import type { ZafClient } from '../zaf/types.ts';
import '../../shared/i18n/dashboard/index.ts';

const Page = styled.div`
  max-width: 1400px;
  margin: 0 auto;
  padding: ${(p) => p.theme.space.md};
`;

const Header = styled.header`
  display: flex;
  flex-wrap: wrap;
  justify-content: space-between;
  align-items: flex-end;
  gap: ${(p) => p.theme.space.md};
  margin-bottom: ${(p) => p.theme.space.md};
  h1 {
    margin: 0;
    font-size: ${(p) => p.theme.fontSizes.xl};
  }
`;

const Subtle = styled.p`
  margin: ${(p) => p.theme.space.xxs} 0 0;
  color: ${(p) => getColor({ theme: p.theme, variable: 'foreground.subtle' })};
`;

const Radars = styled.div`
  display: grid;
  grid-template-columns: repeat(auto-fit, minmax(240px, 1fr));
  gap: ${(p) => p.theme.space.md};
  max-width: 960px;
`;

type ReportState = { status: 'loading' } | { status: 'ready'; report: ServiceReport } | { status: 'error'; message: string };

const TABS = ['service', 'resolution', 'satisfaction', 'customers', 'dimensions', 'trends'] as const;
type TabKey = (typeof TABS)[number];

function choicePeriod(choice: PeriodChoice) {
  return 'custom' in choice ? choice.custom : lastDays(choice.preset, Date.now());
}

/** Names of the top customers, as far as Zendesk shows them to this agent. */
function useCustomerNames(client: ZafClient, report: ServiceReport | null): ReadonlyMap<string, string> {
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  useEffect(() => {
    if (!report) return;
    let alive = true;
    void Promise.all(
      nameRequests(report.customers.top).map(({ kind, url }) =>
        client.request(url).then((body) => namesFrom(kind, body), () => new Map<string, string>()),
      ),
    ).then((maps) => alive && setNames(new Map(maps.flatMap((m) => [...m]))));
    return () => {
      alive = false;
    };
  }, [client, report]);
  return names;
}

function TabContent({ tab, report, names, scheme }: { tab: TabKey; report: ServiceReport; names: ReadonlyMap<string, string>; scheme: Scheme }) {
  const { t, locale } = useI18n();
  const table = (model: TableModel) => <FigureTable table={model} period={report.period} />;
  switch (tab) {
    case 'service':
      return (
        <>
          {table(firstResponseTable(report, locale))}
          {table(escalationsTable(report, locale))}
        </>
      );
    case 'resolution':
      return (
        <>
          {table(resolutionTable(report, locale))}
          {table(backlogTable(report, locale))}
        </>
      );
    case 'satisfaction':
      return (
        <>
          {table(satisfactionTable(report, locale))}
          {table(badReasonsTable(report, locale))}
        </>
      );
    case 'customers':
      return (
        <>
          {table(distributionTable(report, locale))}
          <Subtle data-testid="churn-risk" data-value={report.customers.atChurnRisk}>
            {t('dash.churn', { count: formatNumber(report.customers.atChurnRisk, locale) })}
          </Subtle>
          {table(topCustomersTable(report, names, locale))}
        </>
      );
    case 'dimensions':
      return (
        <>
          <Radars>
            {TIERS.map((tier) => (
              <DimensionRadar key={tier} tier={tier} scores={report.dimensions[tier]} scheme={scheme} describedBy="table-dimensions" />
            ))}
          </Radars>
          {table(dimensionsTable(report, locale))}
        </>
      );
    case 'trends':
      return (
        <>
          <WeeklyCharts report={report} scheme={scheme} describedBy="table-weekly" tableTitle={t('dash.table.weekly')} />
          {table(weeklyTable(report, locale))}
        </>
      );
  }
}

function Report({ workerUrl }: { workerUrl: string }) {
  const { t, locale } = useI18n();
  const { client } = useRegistration();
  const scheme: Scheme = useTheme().colors.base === 'dark' ? 'dark' : 'light';
  const [choice, setChoice] = useState<PeriodChoice>({ preset: 28 });
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<ReportState>({ status: 'loading' });
  const [tab, setTab] = useState<TabKey>('service');
  const period = useMemo(() => choicePeriod(choice), [choice]);

  useEffect(() => {
    let alive = true;
    setState({ status: 'loading' });
    client
      .request(serviceReportRequest(workerUrl, period))
      .then((body) => alive && setState({ status: 'ready', report: parseServiceReport(body) }))
      .catch((error: unknown) => alive && setState({ status: 'error', message: errorMessage(error) }));
    return () => {
      alive = false;
    };
  }, [client, workerUrl, period, attempt]);

  const report = state.status === 'ready' ? state.report : null;
  const names = useCustomerNames(client, report);
  const day = (iso: string) => formatDate(Date.parse(`${iso}T00:00:00Z`), locale);

  return (
    <Page data-testid="service-dashboard" data-state={state.status}>
      <Header>
        <div>
          <h1>{t('dash.title')}</h1>
          <Subtle>{t('dash.subtitle')}</Subtle>
          {report && (
            <Subtle data-testid="period-shown">
              {t('dash.period.showing', { from: day(report.period.from), to: day(lastDayOf(report.period)), prevFrom: day(report.previousPeriod.from), prevTo: day(lastDayOf(report.previousPeriod)) })}
              {' · '}
              {t('dash.generatedAt', { at: formatDateTime(Date.parse(report.generatedAt), locale) })}
            </Subtle>
          )}
        </div>
        <PeriodPicker choice={choice} onChange={setChoice} />
      </Header>
      {state.status === 'loading' && <Loading text={t('dash.loading')} />}
      {state.status === 'error' && <LoadError message={state.message} title={t('dash.error', { message: state.message })} onRetry={() => setAttempt((n) => n + 1)} />}
      {report && (
        <Tabs selectedItem={tab} onChange={(item: TabKey) => setTab(item)}>
          <TabList>
            {TABS.map((key) => (
              <Tab key={key} item={key} data-testid={`tab-${key}`}>
                {t(`dash.tab.${key}`)}
              </Tab>
            ))}
          </TabList>
          {TABS.map((key) => (
            <TabPanel key={key} item={key}>
              {/* Only the open tab is drawn: charts measure their box when they mount. */}
              {tab === key && <TabContent tab={key} report={report} names={names} scheme={scheme} />}
            </TabPanel>
          ))}
        </Tabs>
      )}
    </Page>
  );
}

export default function ServiceDashboard() {
  return <DashboardGate>{(workerUrl) => <Report workerUrl={workerUrl} />}</DashboardGate>;
}
