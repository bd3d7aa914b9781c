/**
 * A planned care task as the Zendesk ticket that carries it: type `task` with its due date, the
 * key as external_id, assigned to the account manager or the care group, and an internal
 * description in the configured language (wording: shared/i18n).
 */
import { careTaskTag, type CareTask } from '../../../shared/care/plan.ts';
import { isoDay } from '../../../shared/care/dates.ts';
import { translate, type MessageKey } from '../../../shared/i18n/index.ts';
import type { Settings } from '../../../shared/settings.ts';

export interface TaskTicketTarget {
  requesterId: number;
  organizationId: number | null;
  assigneeId: number | null;
  groupId: number | null;
  /** The follow-up record's form, when the account has it. */
  formId: number | null;
}

/** Zendesk's due_at: ISO 8601 to the second. */
const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function taskTicket(task: CareTask, target: TaskTicketTarget, settings: Settings) {
  const locale = settings.note_locale;
  const vars = { tier: task.tier ?? '-', day: task.day ?? '', holiday: task.holiday ?? '', ticket: task.ticketId ?? '', days: task.daysSinceContact ?? '', due: isoDay(task.dueAt) };
  const key: MessageKey = task.rule === 'cadence' && task.daysSinceContact === undefined ? 'care.task.first' : (`care.task.${task.rule}` as MessageKey);
  const subject = translate(locale, key, vars);
  const body = [subject, translate(locale, 'care.task.body', vars)].join('\n\n');
  return {
    ticket: {
      type: 'task',
      due_at: isoSeconds(task.dueAt),
      subject,
      comment: { body, public: false },
      requester_id: target.requesterId,
      ...(target.organizationId !== null ? { organization_id: target.organizationId } : {}),
      ...(target.assigneeId !== null ? { assignee_id: target.assigneeId } : {}),
      ...(target.groupId !== null ? { group_id: target.groupId } : {}),
      ...(target.formId !== null ? { ticket_form_id: target.formId } : {}),
      external_id: task.key,
      tags: [careTaskTag(settings), careTaskTag(settings, task.rule)],
    },
  };
}
