/**
 * Week by week per tier: first-response compliance as lines, escalations (L1 + L2) as bars.
 * The weekly table is their text alternative (`aria-describedby`).
 */
import styled from 'styled-components';
import { Bar, Line } from 'react-chartjs-2';
import { TIERS } from '../../../shared/domain.ts';
import { tierName } from '../../../shared/explain.ts';
import { weeklySeries } from '../../data/reportTables.ts';
import type { ServiceReport } from '../../../shared/reports.ts';
import { formatDate, useI18n } from '../../i18n.ts';
import { ChartBox, chartInk, tierColour, type Scheme } from './charts.ts';

const Grid = styled.div`
  display: grid;
  grid-template-columns: repeat(auto-fit, minmax(320px, 1fr));
  gap: ${(p) => p.theme.space.md};
`;

const Figure = styled.figure`
  margin: 0;
  figcaption {
    font-weight: ${(p) => p.theme.fontWeights.semibold};
    margin-bottom: ${(p) => p.theme.space.xs};
  }
`;

export function WeeklyCharts({ report, scheme, describedBy, tableTitle }: { report: ServiceReport; scheme: Scheme; describedBy: string; tableTitle: string }) {
  const { t, locale } = useI18n();
  const series = weeklySeries(report);
  const ink = chartInk(scheme);
  const labels = series.weeks.map((week) => formatDate(Date.parse(`${week}T00:00:00Z`), locale));
  const axes = (percent: boolean) => ({
    x: { ticks: { color: ink.text }, grid: { color: ink.grid } },
    y: { beginAtZero: true, ...(percent ? { max: 100 } : {}), ticks: { color: ink.text, ...(percent ? {} : { precision: 0 }) }, grid: { color: ink.grid } },
  });
  const legend = { labels: { color: ink.text } };
  const alt = t('dash.chart.alt', { table: tableTitle });
  return (
    <Grid>
      <Figure data-testid="chart-compliance">
        <figcaption>{t('dash.chart.compliance')}</figcaption>
        <ChartBox $height={280}>
        <Line
          role="img"
          aria-label={`${t('dash.chart.compliance')}. ${alt}`}
          aria-describedby={describedBy}
          fallbackContent={<p>{alt}</p>}
          data={{
            labels,
            datasets: TIERS.map((tier) => ({
              label: tierName(tier, locale),
              data: series.compliance[tier].map((v) => (v === null ? null : Math.round(v * 1000) / 10)),
              borderColor: tierColour(tier, scheme),
              backgroundColor: tierColour(tier, scheme),
            })),
          }}
          options={{ animation: false, responsive: true, maintainAspectRatio: false, plugins: { legend }, scales: axes(true) }}
        />
        </ChartBox>
      </Figure>
      <Figure data-testid="chart-escalations">
        <figcaption>{t('dash.chart.escalations')}</figcaption>
        <ChartBox $height={280}>
        <Bar
          role="img"
          aria-label={`${t('dash.chart.escalations')}. ${alt}`}
          aria-describedby={describedBy}
          fallbackContent={<p>{alt}</p>}
          data={{ labels, datasets: TIERS.map((tier) => ({ label: tierName(tier, locale), data: series.escalations[tier], backgroundColor: tierColour(tier, scheme) })) }}
          options={{ animation: false, responsive: true, maintainAspectRatio: false, plugins: { legend }, scales: axes(false) }}
        />
        </ChartBox>
      </Figure>
    </Grid>
  );
}
