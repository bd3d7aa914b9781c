// `/proxy`: the app's `client.request(...)`, relayed by the host page; credentials and secure settings are added here, never in the browser.
import { Hono } from 'hono';
import type { ViewContext } from '../context.ts';
import { performRequest, prepareRequest, type AppRequestOptions, type SettingValue } from '../proxy.ts';

export function proxyRoutes(ctx: ViewContext): Hono {
  const app = new Hono();
  app.post('/', async (c) => {
    let request: AppRequestOptions;
    try {
      request = (await c.req.json()) as AppRequestOptions;
    } catch {
      return c.json({ status: 0, statusText: 'error', headers: {}, body: 'bad proxy request' }, 400);
    }
    if (!request || typeof request.url !== 'string' || request.url === '') {
      return c.json({ status: 0, statusText: 'error', headers: {}, body: 'url is required' }, 400);
    }
    const settings: Record<string, SettingValue> = { ...(await ctx.appSettings()), ...ctx.secureSettings };
    const prepared = prepareRequest(request, settings);
    const response = await performRequest(prepared, ctx.api);
    // Never echo a secret back (e.g. an error page quoting the Authorization header).
    let body = response.body;
    for (const secret of Object.values(ctx.secureSettings)) {
      if (secret.length >= 4) body = body.split(secret).join('[secure setting]');
    }
    return c.json({ ...response, body });
  });
  return app;
}
