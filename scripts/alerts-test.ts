/**
 * npm run alerts:test -- --destination NAME
 *
 * Sends one test message to a chat destination of ALERT_DESTINATIONS, through the worker's own
 * formatting, signing and answer reading, and says what the platform answered: the quickest way
 * to check a robot's URL, signing secret and keywords before the first real escalation.
 *
 * Environment (or .dev.vars): ALERT_DESTINATIONS; ZENDESK_BASE_URL (the message's link);
 * ALERT_ALLOW_LOOPBACK=true only for the sandbox's chat sink. URLs and secrets are never printed.
 */
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { parseDestinations } from '../shared/alerts/destinations.ts';
import { testMessage } from '../shared/alerts/message.ts';
import { LOCALES } from '../shared/domain.ts';
import { alertRequest, sendAlert } from '../worker/src/alerts/send.ts';
import { CliError, envFileFrom, EXIT, loadEnv, parseCli, type RawEnv } from './zendesk/env.ts';

const USAGE = `Usage: npm run alerts:test -- --destination NAME [options]

  --destination NAME   a destination of ALERT_DESTINATIONS (required)
  --locale en|zh-CN    the language of the test message (default en)
  --dry-run            print the message body the platform would get; send nothing
  --env-file=PATH | --no-env-file   read variables from this file instead of .dev.vars, or from none

Environment: ALERT_DESTINATIONS (JSON, see README "Escalation alerts in chat"), ZENDESK_BASE_URL
(for the link), ALERT_ALLOW_LOOPBACK=true (sandbox only).
Exit codes: 0 sent, 1 refused by the platform, 2 bad arguments or configuration, 6 the platform
is down or rate limiting (try again later).`;

const argsSchema = z.object({
  destination: z.string({ error: `--destination is required\n\n${USAGE}` }).min(1, '--destination must name a destination'),
  locale: z.enum(LOCALES, { error: `--locale must be one of ${LOCALES.join(', ')}` }),
  dryRun: z.boolean(),
  envFile: z.string().nullable(),
});

export interface Io {
  out(line: string): void;
  err(line: string): void;
}

export async function alertsTest(argv: readonly string[], env: RawEnv, io: Io): Promise<number> {
  try {
    const args = parseCli(argv, {
      destination: { type: 'string' },
      locale: { type: 'string', default: 'en' },
      'dry-run': { type: 'boolean', default: false },
      'env-file': { type: 'string' },
      'no-env-file': { type: 'boolean', default: false },
    }, USAGE, argsSchema, (values) => ({ destination: values.destination, locale: values.locale, dryRun: values['dry-run'], envFile: envFileFrom(values) }));
    if (args === 'help') {
      io.out(USAGE);
      return EXIT.ok;
    }
    const { vars } = loadEnv(env, args.envFile);
    const parsed = parseDestinations(vars.ALERT_DESTINATIONS, { allowLoopback: vars.ALERT_ALLOW_LOOPBACK === 'true' });
    if (!parsed.ok) throw new CliError(`ALERT_DESTINATIONS has problems:\n  ${parsed.problems.join('\n  ')}`, EXIT.usage);
    if (parsed.destinations.size === 0) throw new CliError('ALERT_DESTINATIONS is not set: see README "Escalation alerts in chat"', EXIT.usage);
    const destination = parsed.destinations.get(args.destination);
    if (!destination) throw new CliError(`no destination "${args.destination}" in ALERT_DESTINATIONS (it has: ${[...parsed.destinations.keys()].join(', ')})`, EXIT.usage);
    const origin = vars.ZENDESK_BASE_URL ? new URL(vars.ZENDESK_BASE_URL).origin : 'https://yoursubdomain.zendesk.com';
    const message = testMessage(args.locale, destination.name, origin);
    const host = new URL(destination.url).host;
    if (args.dryRun) {
      const { body } = await alertRequest(destination, message, Date.now());
      io.out(`Would POST to ${destination.platform} (${host}):`);
      io.out(JSON.stringify(JSON.parse(body), null, 2));
      return EXIT.ok;
    }
    const outcome = await sendAlert(destination, message, Date.now());
    if (outcome.result === 'sent') {
      io.out(`Sent a test message to "${destination.name}" (${destination.platform}, ${host}): the platform accepted it.`);
      return EXIT.ok;
    }
    if (outcome.result === 'refused') {
      io.err(`"${destination.name}" (${destination.platform}) refused the test message: ${outcome.reason}. Check the URL, the signing secret and the keywords.`);
      return EXIT.partial;
    }
    io.err(`"${destination.name}" (${destination.platform}) did not take the message now: ${outcome.reason}${outcome.retryAfterMs ? ` (retry after ${Math.ceil(outcome.retryAfterMs / 1000)} s)` : ''}. Try again later.`);
    return EXIT.zendesk;
  } catch (error) {
    if (error instanceof CliError) {
      io.err(error.message);
      return error.exitCode;
    }
    throw error;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await alertsTest(process.argv.slice(2), process.env, { out: (l) => console.log(l), err: (l) => console.error(l) });
}
