/** L1 (supervisor) and L2 (department head) with their times: done, pending, overdue, paused or not needed. */
import { memo } from 'react';
import styled from 'styled-components';
import { useNow } from '../hooks/useNow.ts';
import { HOUR_MS } from '../../shared/domain.ts';
import { formatDuration } from '../../shared/i18n/index.ts';
import { formatClock, formatDateTime, useI18n } from '../i18n.ts';
import { ladder, type RungState, type SlaModel } from '../data/sla.ts';
import type { Settings } from '../../shared/settings.ts';
import { Section } from './Section.tsx';

const ICON: Record<RungState, string> = { done: '✔', pending: '○', overdue: '⚠', 'not-needed': '–', paused: '⏸' };

const List = styled.ol`
  margin: 0;
  padding: 0;
  list-style: none;
`;

const Item = styled.li`
  margin: ${(p) => p.theme.space.xxs} 0;
  font-size: ${(p) => p.theme.fontSizes.md};
  line-height: ${(p) => p.theme.lineHeights.md};
`;

const State = styled.div`
  font-size: ${(p) => p.theme.fontSizes.sm};
`;

export const EscalationLadder = memo(function EscalationLadder({ model, tags, settings }: { model: SlaModel; tags: string[]; settings: Settings }) {
  const translator = useI18n();
  const { t, locale } = translator;
  const now = useNow(15_000);
  const rungs = ladder(model, tags, settings, now);
  return (
    <Section title={t('ladder.heading')}>
      <List data-testid="escalation-ladder">
        {rungs.map((rung) => {
          const title =
            rung.step === 'l1'
              ? t('ladder.l1', { after: formatDuration(settings.escalation_l1_hours * HOUR_MS, locale), group: settings.escalation_l1_group })
              : t('ladder.l2', { after: formatDuration(settings.escalation_l2_hours * HOUR_MS, locale), group: settings.escalation_l2_group });
          const at = rung.dueAt === null ? '' : formatDateTime(rung.dueAt, locale);
          const state = {
            done: t('ladder.done'),
            pending: t('ladder.due', { time: rung.dueAt === null ? '' : formatClock(rung.dueAt - now, translator), at }),
            overdue: t('ladder.overdue', { time: rung.dueAt === null ? '' : formatClock(now - rung.dueAt, translator), at }),
            'not-needed': t('ladder.notNeeded'),
            paused: t('ladder.paused'),
          }[rung.state];
          return (
            <Item key={rung.step} data-testid={`escalation-${rung.step}`} data-state={rung.state} {...(rung.dueAt === null ? {} : { 'data-due-at': new Date(rung.dueAt).toISOString() })}>
              <div>{title}</div>
              <State>
                <span aria-hidden="true">{ICON[rung.state]} </span>
                {state}
              </State>
            </Item>
          );
        })}
      </List>
    </Section>
  );
});
