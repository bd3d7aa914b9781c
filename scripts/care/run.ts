/**
 * npm run care:run — today's care pass now, against the running worker (the sandbox's by default):
 * POST /api/care/run with the worker's API token, then print what it created and skipped. A
 * second run creates nothing: every task is found by its external_id.
 *
 *   npm run care:run [-- --worker http://127.0.0.1:8787]
 *   env: TIERWISE_WORKER_URL, TIERWISE_API_TOKEN (else .dev.vars), WORKER_PORT
 * Exit codes: 0 done, 1 paused (budget or Zendesk; the worker resumes it), 2 usage, 3 bad token,
 * 5 worker unreachable, 6 unexpected answer.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { CareRunReport } from '../../shared/care/report.ts';
import { DEFAULT_DEV_VARS, EXIT, loadEnv } from '../zendesk/env.ts';

export function formatReport(report: CareRunReport): string[] {
  const lines = [`Care run ${report.date}: ${report.customers} customers, ${report.created.length} tasks created, ${report.skipped.length} skipped, ${report.churnTagged} churn tags changed`];
  for (const c of report.created) lines.push(`  created  #${c.ticketId}  ${c.key}`);
  for (const s of report.skipped) lines.push(`  skipped  ${s.key}  (${s.reason === 'exists' ? 'already created' : s.reason === 'no_contact' ? 'no contact person to be the requester' : 'refused by Zendesk'})`);
  if (!report.finished) lines.push(`Paused: ${report.waiting ?? 'waiting'}; the worker resumes the run by itself.`);
  return lines;
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { worker: { type: 'string' } }, allowPositionals: false });
  const { vars } = loadEnv(process.env, DEFAULT_DEV_VARS);
  const worker = (values.worker ?? vars.TIERWISE_WORKER_URL ?? `http://127.0.0.1:${vars.WORKER_PORT ?? '8787'}`).replace(/\/+$/, '');
  const token = vars.TIERWISE_API_TOKEN;
  if (!/^https?:\/\//.test(worker)) {
    console.error(`--worker must be an http(s) URL (got "${worker}")`);
    return EXIT.usage;
  }
  if (!token) {
    console.error('TIERWISE_API_TOKEN is not set (environment or .dev.vars): the care run needs the worker API token');
    return EXIT.usage;
  }
  let response: Response;
  try {
    response = await fetch(`${worker}/api/care/run`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
  } catch (error) {
    console.error(`the worker at ${worker} could not be reached (${error instanceof Error ? error.message : String(error)}); is the sandbox running (npm start)?`);
    return EXIT.unreachable;
  }
  if (response.status === 401) {
    console.error('the worker refused the API token (401): TIERWISE_API_TOKEN must match the worker\'s');
    return EXIT.unauthorized;
  }
  if (!response.ok) {
    console.error(`the worker answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
    return EXIT.zendesk;
  }
  const report = (await response.json()) as CareRunReport;
  for (const line of formatReport(report)) console.log(line);
  return report.finished ? EXIT.ok : EXIT.partial;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exit(await main());
