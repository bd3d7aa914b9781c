/**
 * Environment for the Zendesk scripts: process env first, then a .dev.vars file (KEY=VALUE) as
 * the fallback. Validated with zod; every problem names the variable and says what to do.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import path from 'node:path';
import { z } from 'zod';
import type { ZendeskAuth } from '../../worker/src/zendesk/client.ts';
import { parseDevVars, REPO_ROOT } from '../../sandbox/lib/dev-vars.ts';

/** Exit codes shared by the Zendesk scripts (documented in docs/zendesk-scripts.md). */
export const EXIT = {
  ok: 0,
  /** Some items were not done (conflicts, refused items, failed deliveries). */
  partial: 1,
  /** Bad arguments or environment. */
  usage: 2,
  /** Zendesk refused the credentials (401). */
  unauthorized: 3,
  /** The credentials' user may not do this (403, not an admin). */
  forbidden: 4,
  /** ZENDESK_BASE_URL (or the worker) could not be reached or is not Zendesk. */
  unreachable: 5,
  /** Zendesk kept failing (5xx, long rate limits, unexpected answers). */
  zendesk: 6,
  /** Interrupted (Ctrl-C); progress was saved. */
  interrupted: 130,
} as const;

export class CliError extends Error {
  constructor(message: string, readonly exitCode: number) {
    super(message);
  }
}

export type RawEnv = Readonly<Record<string, string | undefined>>;

export const DEFAULT_DEV_VARS = path.join(REPO_ROOT, '.dev.vars');

/** process env over the .dev.vars file (when given and present); empty values count as unset. */
export function loadEnv(env: RawEnv, devVarsFile: string | null): { vars: Record<string, string>; fromFile: Set<string>; file: string | null } {
  const fileVars = devVarsFile && existsSync(devVarsFile) ? parseDevVars(readFileSync(devVarsFile, 'utf8')) : {};
  const vars: Record<string, string> = {};
  const fromFile = new Set<string>();
  for (const [k, v] of Object.entries(fileVars)) {
    if (v !== '') {
      vars[k] = v;
      fromFile.add(k);
    }
  }
  for (const [k, v] of Object.entries(env)) {
    if (v !== undefined && v !== '') {
      vars[k] = v;
      fromFile.delete(k);
    }
  }
  return { vars, fromFile, file: devVarsFile && existsSync(devVarsFile) ? devVarsFile : null };
}

function httpUrl(name: string, example: string) {
  return z.string({ error: `${name} is not set: set it to ${example}` })
    .trim()
    .min(1, `${name} is not set: set it to ${example}`)
    .refine((v) => {
      try {
        const u = new URL(v);
        return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname !== '';
      } catch {
        return false;
      }
    }, { message: `${name} is not a valid http(s) URL: it should look like ${example}` })
    .transform((v) => v.replace(/\/+$/, ''));
}

export interface ZendeskConnection {
  baseUrl: string;
  auth: ZendeskAuth;
  /** Which variables hold the credentials, for messages. */
  credentialNames: string;
  who: string;
}

const connectionSchema = z.object({
  ZENDESK_BASE_URL: httpUrl('ZENDESK_BASE_URL', 'https://yoursubdomain.zendesk.com')
    .transform((v) => v.replace(/\/api\/v2$/, '')),
  ZENDESK_EMAIL: z.string().trim().optional(),
  ZENDESK_API_TOKEN: z.string().trim().optional(),
  ZENDESK_OAUTH_TOKEN: z.string().trim().optional(),
});

function firstIssue(error: z.ZodError): string {
  return error.issues.map((i) => i.message).join('\n');
}

export function readConnection(vars: Record<string, string>): ZendeskConnection {
  const parsed = connectionSchema.safeParse(vars);
  if (!parsed.success) throw new CliError(firstIssue(parsed.error), EXIT.usage);
  const { ZENDESK_BASE_URL: baseUrl, ZENDESK_EMAIL: email, ZENDESK_API_TOKEN: apiToken, ZENDESK_OAUTH_TOKEN: oauthToken } = parsed.data;
  if (oauthToken) return { baseUrl, auth: { oauthToken }, credentialNames: 'ZENDESK_OAUTH_TOKEN', who: 'an OAuth token' };
  if (!email || !apiToken) {
    const missing = [!email && 'ZENDESK_EMAIL', !apiToken && 'ZENDESK_API_TOKEN'].filter(Boolean).join(' and ');
    throw new CliError(`${missing} ${missing.includes(' and ') ? 'are' : 'is'} not set: set ZENDESK_EMAIL (an admin's email) and ZENDESK_API_TOKEN (Admin Center > Apps and integrations > Zendesk API), or ZENDESK_OAUTH_TOKEN.`, EXIT.usage);
  }
  if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw new CliError(`ZENDESK_EMAIL is not an email address (got "${email}")`, EXIT.usage);
  return { baseUrl, auth: { email, apiToken }, credentialNames: 'ZENDESK_EMAIL/ZENDESK_API_TOKEN', who: email };
}

export function readWorkerUrl(vars: Record<string, string>): string {
  const parsed = httpUrl('TIERWISE_WORKER_URL', 'https://tierwise.<your-account>.workers.dev').safeParse(vars.TIERWISE_WORKER_URL);
  if (!parsed.success) throw new CliError(firstIssue(parsed.error), EXIT.usage);
  return parsed.data;
}

/**
 * Parse a script's flags strictly, then validate them with `schema` (after `toInput` renames
 * them); any problem is a CliError with the usage text and exit code 2. `'help'` for -h/--help.
 */
export function parseCli<T>(argv: readonly string[], options: NonNullable<ParseArgsConfig['options']>, usage: string, schema: z.ZodType<T>, toInput: (values: Record<string, unknown>) => unknown): T | 'help' {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({ args: [...argv], options: { ...options, help: { type: 'boolean', short: 'h', default: false } }, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new CliError(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`, EXIT.usage);
  }
  if (values.help) return 'help';
  const parsed = schema.safeParse(toInput(values));
  if (!parsed.success) throw new CliError(parsed.error.issues.map((i) => i.message).join('\n'), EXIT.usage);
  return parsed.data;
}

/** Where the .dev.vars fallback comes from: --env-file, or none with --no-env-file. */
export function envFileFrom(values: Record<string, unknown>): string | null {
  return values['no-env-file'] ? null : (values['env-file'] as string | undefined) ?? DEFAULT_DEV_VARS;
}
