/** What a care run answers (POST /api/care/run) and `npm run care:run` prints: keys and ticket ids, no names. */

export type TaskOutcome = 'created' | 'exists' | 'no_contact' | 'refused';

export interface CareRunReport {
  date: string;
  finished: boolean;
  customers: number;
  created: Array<{ key: string; ticketId: number }>;
  skipped: Array<{ key: string; reason: Exclude<TaskOutcome, 'created'> }>;
  churnTagged: number;
  /** Set while the run waits for the request budget or Zendesk (the worker resumes it). */
  waiting?: string;
}
