/**
 * The cron schedule of the service data sweep, as wrangler.toml [triggers] lists it (keep the
 * two in step). On its own, without imports, so the sandbox (Node) can fire it too.
 */
export const SERVICE_DATA_CRON = '2-59/15 * * * *';
