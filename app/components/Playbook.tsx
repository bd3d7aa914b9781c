/** What to do for this tier (docs/rules.md#playbook): the admin's text, or the default playbook. */
import { memo } from 'react';
import type { Tier } from '../../shared/domain.ts';
import type { Settings } from '../../shared/settings.ts';
import { useI18n } from '../i18n.ts';
import { Line, Section } from './Section.tsx';

export const Playbook = memo(function Playbook({ tier, settings }: { tier: Tier; settings: Settings }) {
  const { t } = useI18n();
  const custom = settings[`playbook_${tier}`].trim();
  const text = custom || t(`playbook.default.${tier}`);
  const lines = custom ? text.split(/\r?\n/).filter((l) => l.trim()) : text.split(/(?<=[.。；;])\s*/).filter((l) => l.trim());
  return (
    <Section title={t('playbook.heading')} testId="playbook">
      {lines.map((line, i) => (
        <Line key={i}>{line}</Line>
      ))}
    </Section>
  );
});
