/**
 * POST /api/care/run: today's care pass now (`npm run care:run`), behind the API token like every
 * /api route; answers what it created and skipped. The cron's daily pass is `dailyCare`.
 */
import { Hono } from 'hono';
import type { Env } from '../env.ts';
import { errorResponse } from '../errors.ts';
import { log } from '../log.ts';
import { careRunObject } from '../objects.ts';

export const careRoutes = new Hono<{ Bindings: Env }>();

careRoutes.post('/api/care/run', async (c) => c.json(await careRunObject(c.env).runNow(Date.now())));

careRoutes.all('/api/care/run', (c) => {
  c.header('Allow', 'POST');
  return errorResponse(c, 405, 'method_not_allowed', 'start the care run with POST');
});

/** The cron calls this every 5 minutes; the care run object starts a pass at most once a day. */
export async function dailyCare(env: Env, now = Date.now()): Promise<void> {
  const outcome = await careRunObject(env).runIfDue(now);
  if (outcome === 'started') log.info('care run started', {});
}
