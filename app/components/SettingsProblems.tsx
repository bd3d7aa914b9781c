/** Invalid app settings, for an admin to fix; the app keeps working with the defaults. */
import { memo } from 'react';
import { Notification, Title } from '@zendeskgarden/react-notifications';
import { describeProblem, type SettingProblem } from '../../shared/settings.ts';
import { useI18n } from '../i18n.ts';
import adminEn from '../../translations/en.json';
import adminZh from '../../translations/zh-CN.json';

type AdminStrings = { app: { parameters: Record<string, { label: string }> } };

export const SettingsProblems = memo(function SettingsProblems({ problems }: { problems: SettingProblem[] }) {
  const { t, locale } = useI18n();
  if (problems.length === 0) return null;
  const labels = ((locale === 'zh-CN' ? adminZh : adminEn) as unknown as AdminStrings).app.parameters;
  return (
    <Notification type="warning" data-testid="settings-problems" role="alert">
      <Title>{t('settings.problems.title')}</Title>
      <ul style={{ margin: '4px 0', paddingInlineStart: 16 }}>
        {problems.map((problem) => (
          <li key={problem.setting + problem.message} data-setting={problem.setting}>
            <strong>{labels[problem.setting]?.label ?? problem.setting}</strong>: {describeProblem(problem, locale)}
          </li>
        ))}
      </ul>
      <div>{t('settings.problems.hint')}</div>
    </Notification>
  );
});
