/**
 * Ticket sidebar: tier + reason, priority, customer tags, live first-response countdown,
 * escalation ladder, playbook, the customer's follow-ups and (with a worker) the automation's audit trail. One batched
 * `client.get` per refresh; refreshes on the ticket events of `ticketEvents`.
 */
import { useCallback, useMemo } from 'react';
import { AuditTrail } from '../components/AuditTrail.tsx';
import { CarePanel } from '../components/CarePanel.tsx';
import { EscalationLadder } from '../components/EscalationLadder.tsx';
import { Playbook } from '../components/Playbook.tsx';
import { PriorityLine } from '../components/PriorityLine.tsx';
import { SettingsProblems } from '../components/SettingsProblems.tsx';
import { SlaCountdown } from '../components/SlaCountdown.tsx';
import { Empty, LoadError, Loading } from '../components/States.tsx';
import { TagGroups } from '../components/TagGroups.tsx';
import { TierBadge } from '../components/TierBadge.tsx';
import { careSubject } from '../data/care.ts';
import { buildCustomerView } from '../data/customer.ts';
import { buildSlaModel } from '../data/sla.ts';
import { ticketEvents, ticketPaths, toTicketSnapshot, type TicketSnapshot } from '../data/ticket.ts';
import { useAgentPrefs } from '../hooks/useAgentPrefs.ts';
import { useRefreshingLoad } from '../hooks/useRefreshingLoad.ts';
import { useI18n } from '../i18n.ts';
import { useRegistration } from '../zaf/ClientProvider.tsx';

export function TicketSidebar() {
  const { client, settings, problems } = useRegistration();
  const prefs = useAgentPrefs();
  const paths = useMemo(() => ticketPaths(settings), [settings]);
  const events = useMemo(() => ticketEvents(settings), [settings]);
  const load = useCallback(async (): Promise<TicketSnapshot> => {
    const snapshot = toTicketSnapshot(await client.get(paths), settings);
    prefs.setLocale(snapshot.locale);
    prefs.setColorScheme(snapshot.colorScheme);
    return snapshot;
  }, [client, paths, settings, prefs]);
  const { state, refresh } = useRefreshingLoad(client, load, events);

  return (
    <>
      <SettingsProblems problems={problems} />
      {state.status === 'loading' && <Loading />}
      {state.status === 'error' && <LoadError message={state.message} onRetry={refresh} />}
      {state.status === 'ready' && <TicketView snapshot={state.data} loadedAt={state.loadedAt} />}
    </>
  );
}

function TicketView({ snapshot, loadedAt }: { snapshot: TicketSnapshot; loadedAt: number }) {
  const { client, settings } = useRegistration();
  const { t, locale } = useI18n();
  const customer = useMemo(
    () => (snapshot.requester ? buildCustomerView({ user: snapshot.requester, organization: snapshot.organization }, settings, locale, loadedAt) : null),
    [snapshot, settings, locale, loadedAt],
  );
  const sla = useMemo(() => (customer ? buildSlaModel(snapshot, customer.tier.tier, settings, loadedAt) : null), [snapshot, customer, settings, loadedAt]);
  // Follow-ups are read again when the customer (or its manager, or tier) changes, not on every refresh.
  const tier = customer?.tier.tier ?? null;
  const subject = tier ? careSubject(snapshot, tier, settings) : null;
  const careKey = subject ? JSON.stringify(subject) : null;
  const care = useMemo(() => subject, [careKey]);

  if (!customer) return <Empty text={t('noRequester')} testId="no-requester" />;
  return (
    <>
      <TierBadge tier={customer.tier} explanation={customer.explanation} />
      {sla && <PriorityLine current={snapshot.priority} wanted={sla.tierPriority} />}
      {sla && <SlaCountdown model={sla} />}
      {sla && <EscalationLadder model={sla} tags={snapshot.tags} settings={settings} />}
      <TagGroups tags={customer.tags} careDates={customer.careDates} churn={customer.churn} />
      <Playbook tier={customer.tier.tier} settings={settings} />
      {care && <CarePanel client={client} settings={settings} subject={care} />}
      {settings.worker_url && snapshot.id !== null && <AuditTrail client={client} workerUrl={settings.worker_url} tagPrefix={settings.tag_prefix} ticketId={snapshot.id} version={loadedAt} />}
    </>
  );
}
