/** The ticket's priority next to the one Tierwise's policy gives this tier and scene. */
import { memo } from 'react';
import type { Priority } from '../../shared/domain.ts';
import { priorityName } from '../../shared/explain.ts';
import { useI18n } from '../i18n.ts';
import { Line, Muted } from './Section.tsx';

export const PriorityLine = memo(function PriorityLine({ current, wanted }: { current: Priority | null; wanted: Priority }) {
  const { t, locale } = useI18n();
  return (
    <Line data-testid="ticket-priority" data-priority={current ?? ''} data-tier-priority={wanted}>
      <Muted>{t('priority.label')}</Muted>
      {t('priority.suggested', { current: current ? priorityName(current, locale) : t('priority.none'), wanted: priorityName(wanted, locale) })}
    </Line>
  );
});
