/**
 * The customer's follow-ups (docs/rules.md#care-cadence): the account manager by name, the next
 * open care task, the last solved one with its record (method, the customer's confirmation), and one button that creates a follow-up due tomorrow. All
 * through ZAF as the agent; the task is keyed like the daily run's, looked up before it is created,
 * so neither a second click nor tomorrow's run adds a second one for the same day.
 */
import { memo, useCallback, useEffect, useState } from 'react';
import { Button } from '@zendeskgarden/react-buttons';
import { Dots } from '@zendeskgarden/react-loaders';
import { alreadyCreated, followUpDraft, refusalWords, followUpRequests, readFollowUps, type CareSubject, type CareTaskView, type FollowUps } from '../data/care.ts';
import { errorMessage } from '../hooks/useRefreshingLoad.ts';
import { formatDate, useI18n, type MessageKey } from '../i18n.ts';
import type { Settings } from '../../shared/settings.ts';
import type { ZafClient } from '../zaf/types.ts';
import { AccountManager } from './AccountManager.tsx';
import { Line, Muted, Section } from './Section.tsx';

type Load = { status: 'loading' } | { status: 'ready'; followUps: FollowUps } | { status: 'error'; message: string };
type Create = { status: 'idle' } | { status: 'creating' } | { status: 'created' | 'exists'; dueAt: number } | { status: 'error'; message: string };

export const CarePanel = memo(function CarePanel({ client, settings, subject }: { client: ZafClient; settings: Settings; subject: CareSubject }) {
  const { t, locale } = useI18n();
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [create, setCreate] = useState<Create>({ status: 'idle' });
  const [reloads, setReloads] = useState(0);
  const { managerId } = subject;

  useEffect(() => {
    let alive = true;
    const requests = followUpRequests(subject, settings);
    Promise.all([client.request(requests.open), client.request(requests.solved)])
      .then(([open, solved]) => alive && setLoad({ status: 'ready', followUps: readFollowUps(open, solved, settings) }))
      .catch((error: unknown) => alive && setLoad({ status: 'error', message: refusalWords(error, errorMessage) }));
    return () => {
      alive = false;
    };
  }, [client, settings, subject, reloads]);

  const createFollowUp = useCallback(async () => {
    const draft = followUpDraft(subject, settings, Date.now());
    setCreate({ status: 'creating' });
    try {
      if (alreadyCreated(await client.request(draft.lookup))) {
        setCreate({ status: 'exists', dueAt: draft.dueAt });
        return;
      }
      await client.request(draft.create);
      setCreate({ status: 'created', dueAt: draft.dueAt });
      setReloads((n) => n + 1);
    } catch (error) {
      setCreate({ status: 'error', message: refusalWords(error, errorMessage) });
    }
  }, [client, settings, subject]);

  const task = (view: CareTaskView | null, dated: MessageKey, undated: MessageKey, none: MessageKey): string =>
    view === null ? t(none) : view.at === null ? t(undated, { subject: view.subject }) : t(dated, { subject: view.subject, date: formatDate(view.at, locale) });

  return (
    <Section title={t('care.panel.heading')}>
      <div data-testid="care-panel" data-state={load.status}>
        {managerId !== null && <AccountManager client={client} managerId={managerId} />}
        {load.status === 'loading' && (
          <Line>
            <Dots aria-label={t('care.panel.loading')} /> <Muted>{t('care.panel.loading')}</Muted>
          </Line>
        )}
        {load.status === 'error' && <Line role="alert" data-testid="care-error">{t('care.panel.error', { message: load.message })}</Line>}
        {load.status === 'ready' && (
          <>
            <Line data-testid="care-next">{task(load.followUps.next, 'care.panel.next', 'care.panel.nextUndated', 'care.panel.noNext')}</Line>
            <Line data-testid="care-last">
              <Muted>{task(load.followUps.last, 'care.panel.last', 'care.panel.lastUndated', 'care.panel.noLast')}</Muted>
            </Line>
            {load.followUps.last?.record && (
              <Line data-testid="care-last-record">
                <Muted>
                  {t('care.panel.record', {
                    method: load.followUps.last.record.method ? t(`care.method.${load.followUps.last.record.method}`) : t('care.panel.noMethod'),
                    confirmation: t(load.followUps.last.record.confirmed ? 'care.panel.confirmed' : 'care.panel.unconfirmed'),
                  })}
                </Muted>
              </Line>
            )}
          </>
        )}
        <Line>
          <Button size="small" disabled={create.status === 'creating'} onClick={() => void createFollowUp()} data-testid="care-create">
            {create.status === 'creating' ? t('care.panel.creating') : t('care.panel.create')}
          </Button>
        </Line>
        {(create.status === 'created' || create.status === 'exists') && (
          <Line role="status" data-testid="care-created" data-outcome={create.status}>
            {t(create.status === 'created' ? 'care.panel.created' : 'care.panel.exists', { date: formatDate(create.dueAt, locale) })}
          </Line>
        )}
        {create.status === 'error' && <Line role="alert" data-testid="care-create-error">{t('care.panel.createError', { message: create.message })}</Line>}
      </div>
    </Section>
  );
});
