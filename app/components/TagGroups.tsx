/** Customer tags at a glance: preferences, history, care dates, churn risk (docs/rules.md#customer-tags). */
import { memo } from 'react';
import styled from 'styled-components';
import { Tag } from '@zendeskgarden/react-tags';
import { useI18n, formatDate, type MessageKey } from '../i18n.ts';
import { tagLabel, type CareDate, type ChurnReading, type TagGroups as Groups } from '../data/customer.ts';
import { Line, Muted, Section } from './Section.tsx';

const TagList = styled.div`
  display: flex;
  flex-wrap: wrap;
  gap: ${(p) => p.theme.space.xxs};
  margin: ${(p) => p.theme.space.xxs} 0;
`;

/** A highlighted line of text: a tag that wraps its words instead of cutting them off. */
const Highlight = styled(Tag)`
  && {
    max-width: 100%;
    height: auto;
    min-height: ${(p) => p.theme.space.base * 5}px;
    padding-top: 2px;
    padding-bottom: 2px;
  }
  && > span {
    white-space: normal;
    overflow: visible;
    text-overflow: clip;
  }
`;

const Label = styled.div`
  font-size: ${(p) => p.theme.fontSizes.sm};
  margin-top: ${(p) => p.theme.space.xs};
`;

function Tags({ tags, hue, testId }: { tags: string[]; hue?: string; testId: string }) {
  const { t } = useI18n();
  if (tags.length === 0) return <Muted data-testid={testId}>{t('tags.none')}</Muted>;
  return (
    <TagList data-testid={testId}>
      {tags.map((tag) => (
        <Tag key={tag} hue={hue}>
          <span>{tagLabel(tag)}</span>
        </Tag>
      ))}
    </TagList>
  );
}

function careText(date: CareDate, t: (k: MessageKey, v?: Record<string, string | number>) => string, locale: 'en' | 'zh-CN'): string {
  const label = t(date.kind === 'birthday' ? 'care.birthday' : 'care.anniversary');
  if (!date.soon) return t('care.date', { label, date: formatDate(date.date, locale) });
  if (date.daysUntil === 0) return t('care.today', { label });
  if (date.daysUntil === 1) return t('care.tomorrow', { label });
  return t('care.inDays', { label, days: date.daysUntil });
}

export const TagGroups = memo(function TagGroups({ tags, careDates, churn }: { tags: Groups; careDates: CareDate[]; churn: ChurnReading | null }) {
  const { t, locale } = useI18n();
  return (
    <>
      <Section title={t('tags.preferences')} testId="tags-preferences">
        <Tags tags={tags.preferences} hue="blue" testId="tags-preferences-list" />
      </Section>
      <Section title={t('tags.history')} testId="tags-history">
        <Label>{t('tags.complaints')}</Label>
        <Tags tags={tags.complaints} hue="red" testId="tags-complaints" />
        <Label>{t('tags.feedback')}</Label>
        <Tags tags={tags.feedback} testId="tags-feedback" />
        <Label>{t('tags.escalations')}</Label>
        <Tags tags={tags.escalations} hue="yellow" testId="tags-escalations" />
      </Section>
      <Section title={t('tags.careDates')} testId="care-dates">
        {careDates.length === 0 && <Muted>{t('tags.none')}</Muted>}
        {careDates.map((date) =>
          date.soon ? (
            <Line key={date.kind}>
              <Highlight hue="yellow" data-testid={`care-${date.kind}`} data-soon="true" data-days={date.daysUntil}>
                <span>{`★ ${careText(date, t, locale)}`}</span>
              </Highlight>
            </Line>
          ) : (
            <Line key={date.kind} data-testid={`care-${date.kind}`} data-soon="false" data-days={date.daysUntil}>
              {careText(date, t, locale)}
            </Line>
          ),
        )}
        {churn &&
          (churn.atRisk ? (
            <Line>
              <Highlight hue="red" data-testid="churn-risk" data-at-risk="true">
                <span>{`⚠ ${t('churn.risk', { days: churn.daysSince })}`}</span>
              </Highlight>
            </Line>
          ) : (
            <Line data-testid="churn-risk" data-at-risk="false">
              <Muted>{t('churn.ok', { days: churn.daysSince })}</Muted>
            </Line>
          ))}
      </Section>
    </>
  );
});
