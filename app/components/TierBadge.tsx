/** The customer's tier and why (docs/rules.md#tiers: tiers must be explainable). */
import { memo } from 'react';
import { Tag } from '@zendeskgarden/react-tags';
import { explainInvalid, tierName } from '../../shared/explain.ts';
import { formatList } from '../../shared/i18n/index.ts';
import type { TierResult } from '../../shared/tier.ts';
import { useI18n } from '../i18n.ts';
import { Line, Muted, Section } from './Section.tsx';

const HUES = { core: 'kale', potential: 'blue', basic: 'grey' } as const;

export const TierBadge = memo(function TierBadge({ tier, explanation }: { tier: TierResult; explanation: string }) {
  const { t, locale } = useI18n();
  const invalid = formatList(tier.invalid.map((v) => explainInvalid(v, locale)), locale);
  return (
    <Section title={t('tier.heading')}>
      <Tag size="large" hue={HUES[tier.tier]} isPill data-testid="tier-badge" data-tier={tier.tier}>
        <span>{tierName(tier.tier, locale)}</span>
      </Tag>
      <Line data-testid="tier-reason">{explanation}</Line>
      {invalid && (
        <Line>
          <Muted data-testid="tier-invalid">{t('tier.invalid', { values: invalid })}</Muted>
        </Line>
      )}
    </Section>
  );
});
