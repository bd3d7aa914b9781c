/**
 * The live first-response countdown. It owns its one-second tick, so only it re-renders every
 * second. The state is an icon plus words, never colour alone.
 */
import { memo } from 'react';
import styled from 'styled-components';
import { getColor } from '@zendeskgarden/react-theming';
import { sceneName, statusName, tierName } from '../../shared/explain.ts';
import { formatDuration } from '../../shared/i18n/index.ts';
import { firstResponseClockRuns } from '../../shared/sla.ts';
import { useNow } from '../hooks/useNow.ts';
import { formatClock, useI18n } from '../i18n.ts';
import { slaReading, type SlaModel, type SlaState } from '../data/sla.ts';
import { Line, Muted, Section } from './Section.tsx';

const COLOR: Record<SlaState, string> = { ok: 'foreground.success', 'at-risk': 'foreground.warning', breached: 'foreground.danger', met: 'foreground.success', stopped: 'foreground.subtle' };
const ICON: Record<SlaState, string> = { ok: '⏱', 'at-risk': '⚠', breached: '✖', met: '✔', stopped: '■' };

const Reading = styled.p<{ $color: string }>`
  margin: 0;
  font-size: ${(p) => p.theme.fontSizes.lg};
  font-weight: ${(p) => p.theme.fontWeights.semibold};
  font-variant-numeric: tabular-nums;
  color: ${(p) => getColor({ theme: p.theme, variable: p.$color })};
`;

export const SlaCountdown = memo(function SlaCountdown({ model }: { model: SlaModel }) {
  const translator = useI18n();
  const { t, locale } = translator;
  const running = firstResponseClockRuns(model.progress);
  const now = useNow(1000, running);
  const reading = slaReading(model, now);
  const time = reading.remainingMs === null ? '' : formatClock(reading.remainingMs, translator);
  const text = {
    ok: t('sla.ok', { time }),
    'at-risk': t('sla.atRisk', { time }),
    breached: t('sla.breached', { time }),
    met: t('sla.met'),
    stopped: t('sla.stopped', { status: statusName(model.progress.status, locale) }),
  }[reading.state];
  return (
    <Section title={t('sla.heading')}>
      <Reading
        $color={COLOR[reading.state]}
        role="timer"
        aria-live="off"
        data-testid="sla-countdown"
        data-state={reading.state}
        {...(reading.remainingMs === null ? {} : { 'data-remaining-ms': String(reading.remainingMs) })}
      >
        <span aria-hidden="true">{ICON[reading.state]} </span>
        {text}
      </Reading>
      <Line>
        <Muted>{t('sla.target', { target: formatDuration(model.targetMs, locale), tier: tierName(model.tier, locale), scene: sceneName(model.scene.scene, locale) })}</Muted>
      </Line>
    </Section>
  );
});
