/** The period the dashboard shows: the last 7, 28 or 90 days, or two dates the agent picks. */
import { useState } from 'react';
import styled from 'styled-components';
import { Button } from '@zendeskgarden/react-buttons';
import { Field, Input, Select } from '@zendeskgarden/react-forms';
import { getColor } from '@zendeskgarden/react-theming';
import type { Period } from '../../../shared/reports.ts';
import { customPeriod, lastDayOf, PERIOD_PRESETS } from '../../data/period.ts';
import { useI18n } from '../../i18n.ts';

const Row = styled.form`
  display: flex;
  flex-wrap: wrap;
  align-items: flex-end;
  gap: ${(p) => p.theme.space.sm};
`;

const Narrow = styled.div`
  min-width: 160px;
`;

const Problem = styled.div`
  flex-basis: 100%;
  color: ${(p) => getColor({ theme: p.theme, variable: 'foreground.danger' })};
`;

export type PeriodChoice = { preset: number } | { custom: Period };

export function PeriodPicker({ choice, onChange }: { choice: PeriodChoice; onChange: (choice: PeriodChoice) => void }) {
  const { t } = useI18n();
  const custom = 'custom' in choice;
  const [first, setFirst] = useState(custom ? choice.custom.from : '');
  const [last, setLast] = useState(custom ? lastDayOf(choice.custom) : '');
  const [editing, setEditing] = useState(custom);
  const [problem, setProblem] = useState<'bad_date' | 'end_before_start' | null>(null);

  const apply = () => {
    const period = customPeriod(first, last);
    if (typeof period === 'string') {
      setProblem(period);
      return;
    }
    setProblem(null);
    onChange({ custom: period });
  };

  return (
    <Row
      data-testid="period-picker"
      onSubmit={(event) => {
        event.preventDefault();
        apply();
      }}
    >
      <Narrow>
        <Field>
          <Field.Label>{t('dash.period.label')}</Field.Label>
          <Select
            data-testid="period-select"
            value={editing ? 'custom' : String('preset' in choice ? choice.preset : '')}
            onChange={(event) => {
              const value = event.target.value;
              if (value === 'custom') {
                setEditing(true);
                return;
              }
              setEditing(false);
              onChange({ preset: Number(value) });
            }}
          >
            {PERIOD_PRESETS.map((days) => (
              <option key={days} value={String(days)}>
                {t('dash.period.last', { days })}
              </option>
            ))}
            <option value="custom">{t('dash.period.custom')}</option>
          </Select>
        </Field>
      </Narrow>
      {editing && (
        <>
          <Field>
            <Field.Label>{t('dash.period.from')}</Field.Label>
            <Input type="date" data-testid="period-from" value={first} onChange={(e) => setFirst(e.target.value)} />
          </Field>
          <Field>
            <Field.Label>{t('dash.period.to')}</Field.Label>
            <Input type="date" data-testid="period-to" value={last} onChange={(e) => setLast(e.target.value)} />
          </Field>
          <Button type="submit" data-testid="period-apply">
            {t('dash.period.apply')}
          </Button>
        </>
      )}
      {problem && (
        <Problem role="alert" data-testid="period-problem">
          {t(`dash.period.${problem}`)}
        </Problem>
      )}
    </Row>
  );
}
