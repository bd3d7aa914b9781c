/**
 * npm run zendesk:setup [-- --dry-run] [--mode=events|trigger] [--show-secret] [--set key=value]
 *
 * Idempotently creates or updates what Tierwise needs in a Zendesk account: user and
 * organization fields, the "Service scene" ticket field, the escalation groups, the "Tierwise"
 * webhook (ticket event subscriptions, or --mode=trigger: a trigger with Tierwise's payload), and
 * prints how to give the worker the webhook's signing secret and its app installation's id
 * (TIERWISE_INSTALLATION_ID, also written into the env file it read). A second run changes nothing.
 *
 * Environment (or .dev.vars): ZENDESK_BASE_URL, ZENDESK_EMAIL + ZENDESK_API_TOKEN (or
 * ZENDESK_OAUTH_TOKEN), TIERWISE_WORKER_URL.
 */
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { parseSettings, SETTING_KEYS } from '../../shared/settings.ts';
import { AdminClient, ZendeskRequestError } from './admin-client.ts';
import { desiredState, type SetupMode } from './desired.ts';
import { reportInstallation } from './installation.ts';
import { CliError, envFileFrom, EXIT, loadEnv, parseCli, readConnection, readWorkerUrl, type RawEnv } from './env.ts';
import {
  countByOp, currentFieldSchema, currentFormSchema, currentGroupSchema, currentTriggerSchema, currentWebhookSchema, describeAction,
  PENDING_WEBHOOK_ID, planSetup, withFieldIds, type Action, type ApiRequest, type CurrentForm, type CurrentState,
} from './plan.ts';

export interface Io {
  out(line: string): void;
  err(line: string): void;
}

export const consoleIo: Io = { out: (l) => console.log(l), err: (l) => console.error(l) };

const USAGE = `Usage: npm run zendesk:setup -- [options]

  --dry-run              print the plan (create / update / unchanged / conflicts); write nothing
  --mode=events|trigger  events (default): the webhook subscribes to ticket events;
                         trigger: a trigger "Tierwise: notify on ticket create/update" calls it
  --show-secret          print the webhook's signing secret (otherwise only how to set it)
  --set key=value        use another app setting than the default (e.g. --set annual_spend_field=spend_12m);
                         repeatable; keys as in the app settings
  --env-file=PATH        read missing variables from this file (default: .dev.vars)
  --no-env-file          read the process environment only

Environment: ZENDESK_BASE_URL, ZENDESK_EMAIL + ZENDESK_API_TOKEN (or ZENDESK_OAUTH_TOKEN), TIERWISE_WORKER_URL.
Exit codes: 0 done, 1 conflicts or refused items, 2 bad input, 3 credentials refused, 4 not an admin,
5 unreachable, 6 Zendesk kept failing.`;

const argsSchema = z.object({
  dryRun: z.boolean(),
  mode: z.enum(['events', 'trigger'], { error: '--mode must be "events" or "trigger"' }),
  showSecret: z.boolean(),
  set: z.array(z.string().regex(/^[a-z0-9_]+=.*$/, '--set takes key=value')),
  envFile: z.string().nullable(),
});

export type SetupArgs = z.infer<typeof argsSchema>;

export function parseSetupArgs(argv: readonly string[]): SetupArgs | 'help' {
  const options = {
    'dry-run': { type: 'boolean', default: false },
    mode: { type: 'string', default: 'events' },
    'show-secret': { type: 'boolean', default: false },
    set: { type: 'string', multiple: true, default: [] as string[] },
    'env-file': { type: 'string' },
    'no-env-file': { type: 'boolean', default: false },
  } as const;
  return parseCli(argv, options, USAGE, argsSchema, (values) => ({
    dryRun: values['dry-run'], mode: values.mode, showSecret: values['show-secret'], set: values.set, envFile: envFileFrom(values),
  }));
}

function settingsFrom(pairs: readonly string[]) {
  const raw: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    const key = pair.slice(0, at);
    if (!(SETTING_KEYS as string[]).includes(key)) throw new CliError(`--set ${key}: not a Tierwise setting (see the configuration reference in README.md)`, EXIT.usage);
    raw[key] = pair.slice(at + 1);
  }
  const { settings, problems } = parseSettings(raw);
  if (problems.length > 0) throw new CliError(problems.map((p) => `--set ${p.message}`).join('\n'), EXIT.usage);
  return settings;
}

/**
 * The account's ticket forms, or null when its plan has none: Zendesk answers 403 to an admin
 * (checked by the preflight) on plans below Suite Growth / Support Enterprise.
 */
async function readTicketForms(admin: AdminClient): Promise<CurrentForm[] | null> {
  try {
    return await admin.listAll('/api/v2/ticket_forms.json', 'ticket_forms', currentFormSchema);
  } catch (error) {
    if (error instanceof CliError && error.exitCode === EXIT.forbidden) return null;
    throw error;
  }
}

async function readCurrent(admin: AdminClient): Promise<CurrentState> {
  const [userFields, organizationFields, ticketFields, ticketForms, groups, webhooks, triggers] = await Promise.all([
    admin.listAll('/api/v2/user_fields.json', 'user_fields', currentFieldSchema),
    admin.listAll('/api/v2/organization_fields.json', 'organization_fields', currentFieldSchema),
    admin.listAll('/api/v2/ticket_fields.json', 'ticket_fields', currentFieldSchema),
    readTicketForms(admin),
    admin.listAll('/api/v2/groups.json?page[size]=100', 'groups', currentGroupSchema),
    admin.listAll('/api/v2/webhooks?page[size]=100', 'webhooks', currentWebhookSchema),
    admin.listAll('/api/v2/triggers.json', 'triggers', currentTriggerSchema),
  ]);
  return { userFields, organizationFields, ticketFields, ticketForms, groups, webhooks, triggers };
}

function withWebhookId(request: ApiRequest, webhookId: string): ApiRequest {
  return JSON.parse(JSON.stringify(request).split(JSON.stringify(PENDING_WEBHOOK_ID).slice(1, -1)).join(webhookId)) as ApiRequest;
}

const createdId = (body: unknown): number | string | null => {
  if (typeof body !== 'object' || body === null) return null;
  for (const v of Object.values(body)) {
    if (typeof v === 'object' && v !== null && 'id' in v) {
      const id = (v as { id: unknown }).id;
      if (typeof id === 'number' || typeof id === 'string') return id;
    }
  }
  return null;
};

export async function runSetup(argv: readonly string[], env: RawEnv, io: Io = consoleIo): Promise<number> {
  try {
    return await setup(argv, env, io);
  } catch (error) {
    if (error instanceof CliError) {
      io.err(error.message);
      return error.exitCode;
    }
    io.err(`Setup failed unexpectedly: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    return EXIT.zendesk;
  }
}

async function setup(argv: readonly string[], env: RawEnv, io: Io): Promise<number> {
  const args = parseSetupArgs(argv);
  if (args === 'help') {
    io.out(USAGE);
    return EXIT.ok;
  }
  const settings = settingsFrom(args.set);
  const { vars, file, fromFile } = loadEnv(env, args.envFile);
  const connection = readConnection(vars);
  const workerUrl = readWorkerUrl(vars);
  const mode: SetupMode = args.mode;
  if (file && fromFile.size > 0) io.out(`Read ${[...fromFile].filter((k) => k.startsWith('ZENDESK_') || k.startsWith('TIERWISE_')).join(', ')} from ${file}`);

  const admin = new AdminClient(connection);
  const me = await admin.preflight(true);
  io.out(`Zendesk ${connection.baseUrl} as ${me.email ?? connection.who} (admin); worker ${workerUrl}; mode ${mode}${args.dryRun ? '; DRY RUN' : ''}`);
  if (!workerUrl.startsWith('https://') && !/^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:|\/|$)/.test(workerUrl)) {
    io.out(`Warning: TIERWISE_WORKER_URL is not https; Zendesk sends webhooks to https endpoints only.`);
  }

  const current = await readCurrent(admin);
  const desired = desiredState(settings, workerUrl, mode);
  const plan = planSetup(desired, current);
  const counts = countByOp(plan.actions);

  io.out('Plan:');
  for (const action of plan.actions) io.out(describeAction(action));
  for (const action of plan.actions) {
    if (action.op !== 'conflict') continue;
    io.out('');
    io.out(`  To fix ${action.label}: ${action.fix}`);
  }

  if (args.dryRun) {
    await reportInstallation(admin, io.out, { envFile: file, dryRun: true });
    io.out('');
    io.out(`Dry run: would create ${counts.create}, update ${counts.update}; ${counts.unchanged} unchanged; ${counts.conflict} conflict${counts.conflict === 1 ? '' : 's'}. Nothing was written.`);
    return counts.conflict > 0 ? EXIT.partial : EXIT.ok;
  }

  // Apply, in plan order (the webhook before the trigger that names it).
  const done: string[] = [];
  const failed: string[] = [];
  let webhookId = plan.webhookId;
  let sceneFieldId: number | string | null = null;
  // The follow-up fields' ids, known or created in this run, for the form that lists them.
  const followUpFieldIds: Array<number | string | null> = plan.actions.filter((a) => a.kind === 'follow_up_field').map((a) => (a.op === 'unchanged' || a.op === 'update' ? a.id : null));
  const followUpIndex = (action: Action): number => plan.actions.filter((a) => a.kind === 'follow_up_field').indexOf(action);
  const pending = plan.actions.filter((a): a is Extract<Action, { op: 'create' | 'update' }> => a.op === 'create' || a.op === 'update');
  for (const action of plan.actions) {
    if (action.kind === 'ticket_field' && action.op !== 'create' && action.op !== 'conflict') sceneFieldId = action.id;
  }
  if (pending.length > 0) io.out('');
  for (const [index, action] of pending.entries()) {
    let request = action.request;
    if (action.kind === 'trigger') {
      if (webhookId === null) {
        failed.push(`${action.label}: not done because the webhook was not created`);
        continue;
      }
      request = withWebhookId(request, webhookId);
    }
    if (action.kind === 'ticket_form') {
      const ids = followUpFieldIds.filter((id): id is number | string => id !== null);
      if (ids.length < followUpFieldIds.length) {
        failed.push(`${action.label}: not done because ${followUpFieldIds.length - ids.length} follow-up field(s) were not created`);
        continue;
      }
      request = withFieldIds(request, ids);
    }
    try {
      const answer = await admin.request<unknown>(request.method, request.path, request.body);
      const id = action.op === 'create' ? createdId(answer) : action.id;
      if (action.kind === 'webhook' && action.op === 'create' && id !== null) webhookId = String(id);
      if (action.kind === 'ticket_field' && id !== null) sceneFieldId = id;
      if (action.kind === 'follow_up_field' && id !== null) followUpFieldIds[followUpIndex(action)] = id;
      const line = `${action.op === 'create' ? 'created' : 'updated'} ${action.label}${id !== null ? ` (id ${id})` : ''}`;
      done.push(line);
      io.out(`  ${line}`);
    } catch (error) {
      if (error instanceof ZendeskRequestError) {
        failed.push(`${action.label}: ${error.message}`);
        io.out(`  FAILED ${action.label}: ${error.message}`);
        continue;
      }
      // Fatal (credentials, permissions, network, Zendesk down): say what was and was not done.
      const message = error instanceof Error ? error.message : String(error);
      io.err('');
      io.err(`Stopped: ${message}`);
      io.err(done.length > 0 ? `Done before the failure (kept; a re-run continues from here):\n${done.map((d) => `  - ${d}`).join('\n')}` : 'Nothing was changed before the failure.');
      const rest = pending.slice(index).map((a) => `  - ${a.op} ${a.label}`);
      io.err(`Not done:\n${rest.join('\n')}`);
      return error instanceof CliError ? error.exitCode : EXIT.zendesk;
    }
  }

  // The signing secret: the worker verifies every delivery with it.
  if (webhookId !== null) {
    try {
      const body = await admin.request<{ signing_secret?: { secret?: string | null } }>('GET', `/api/v2/webhooks/${encodeURIComponent(webhookId)}/signing_secret`);
      const secret = body.signing_secret?.secret ?? null;
      io.out('');
      io.out(`Webhook signing secret: the worker checks every delivery with it. Store it as the worker's secret:`);
      io.out(`  npx wrangler secret put ZENDESK_WEBHOOK_SECRET`);
      if (args.showSecret && secret) io.out(`and paste this secret when asked:\n  ${secret}`);
      else io.out(`and paste the secret when asked (Admin Center > Apps and integrations > Webhooks > ${'Tierwise'} > Reveal secret, or run setup again with --show-secret).`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      io.err(`Could not read the webhook's signing secret: ${message}`);
      failed.push(`signing secret: ${message}`);
    }
  }
  await reportInstallation(admin, io.out, { envFile: file, dryRun: false });
  if (sceneFieldId !== null) io.out(`Optional: set the app setting scene_field_id to ${sceneFieldId} (Tierwise also reads the scene from the scene_* tags this field sets).`);
  const nextDateFieldId = followUpFieldIds[desired.followUpFields.findIndex((f) => f.type === 'date')] ?? null;
  if (nextDateFieldId !== null) io.out(`Optional: set the app setting follow_up_next_date_field_id to ${nextDateFieldId} (a next follow-up date recorded on a solved care task then replaces the cadence's).`);

  const changes = done.length;
  if (changes === 0 && failed.length === 0 && counts.conflict === 0) {
    io.out('');
    io.out('Everything is already set up: 0 changes.');
    return EXIT.ok;
  }
  io.out('');
  io.out(`${changes} change${changes === 1 ? '' : 's'}: created ${done.filter((d) => d.startsWith('created')).length}, updated ${done.filter((d) => d.startsWith('updated')).length}; ${counts.unchanged} unchanged.`);
  if (counts.conflict > 0 || failed.length > 0) {
    io.err(`Not finished: ${counts.conflict} conflict${counts.conflict === 1 ? '' : 's'}${failed.length > 0 ? `, ${failed.length} refused` : ''} (see above). Everything else is set up; fix these and run setup again.`);
    for (const f of failed) io.err(`  - ${f}`);
    return EXIT.partial;
  }
  return EXIT.ok;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runSetup(process.argv.slice(2), process.env).then((code) => process.exit(code));
}
