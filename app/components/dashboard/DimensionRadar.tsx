/**
 * The five service dimensions of one tier as a radar chart (1-10). A dimension with no score yet
 * is a gap in the shape; the label says which scores come from ticket data and which from
 * follow-up scores, and the dimensions table is the chart's text alternative.
 */
import { Radar } from 'react-chartjs-2';
import type { Tier } from '../../../shared/domain.ts';
import { tierName } from '../../../shared/explain.ts';
import { formatList } from '../../../shared/i18n/index.ts';
import { DIMENSIONS, type Dimension, type DimensionScore } from '../../../shared/reports.ts';
import { useI18n } from '../../i18n.ts';
import { ChartBox, chartInk, tierColour, translucent, type Scheme } from './charts.ts';
import { formatValue } from './format.ts';

export function DimensionRadar({ tier, scores, scheme, describedBy }: { tier: Tier; scores: Record<Dimension, DimensionScore>; scheme: Scheme; describedBy: string }) {
  const { t, locale } = useI18n();
  const colour = tierColour(tier, scheme);
  const ink = chartInk(scheme);
  const labels = DIMENSIONS.map((d) => t(`dash.dimension.${d}`));
  const summary = formatList(
    DIMENSIONS.map((d) => {
      const { score, source } = scores[d];
      return t('dash.radar.point', { dimension: t(`dash.dimension.${d}`), score: formatValue('score', score, locale), source: t(score === null ? 'dash.source.none' : `dash.source.${source}`) });
    }),
    locale,
  );
  const label = t('dash.radar.label', { tier: tierName(tier, locale), summary });
  return (
    <figure data-testid={`radar-${tier}`} style={{ margin: 0 }}>
      <ChartBox $height={300}>
      <Radar
        role="img"
        aria-label={label}
        aria-describedby={describedBy}
        fallbackContent={<p>{label}</p>}
        data={{
          labels,
          datasets: [{ label: tierName(tier, locale), data: DIMENSIONS.map((d) => scores[d].score), borderColor: colour, backgroundColor: translucent(colour, 0.2), pointBackgroundColor: colour, spanGaps: false }],
        }}
        options={{
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          plugins: { legend: { display: false }, tooltip: { enabled: true } },
          scales: { r: { min: 0, max: 10, ticks: { stepSize: 2, color: ink.text, backdropColor: 'transparent' }, grid: { color: ink.grid }, angleLines: { color: ink.grid }, pointLabels: { color: ink.text } } },
        }}
      />
      </ChartBox>
      <figcaption style={{ textAlign: 'center' }}>{tierName(tier, locale)}</figcaption>
    </figure>
  );
}
