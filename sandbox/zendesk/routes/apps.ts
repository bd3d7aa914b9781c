// /api/v2/apps/installations: settings merge on PUT; secure settings are kept server-side only.
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv, Deps } from '../context.ts';
import { notFound } from '../errors.ts';
import { presentInstallation } from '../present.ts';
import type { SimulatorStore } from '../store.ts';
import { nextStamp } from '../time.ts';
import type { AppInstallation } from '../types.ts';
import { parseBody } from '../validation.ts';
import { idParam } from './util.ts';

const settingValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const updateSchema = z.union([
  z.object({ settings: z.record(z.string(), settingValue, 'settings must be an object'), enabled: z.boolean().optional() }),
  z.object({ installation: z.object({ settings: z.record(z.string(), settingValue).optional(), enabled: z.boolean().optional() }) }),
  z.object({ enabled: z.boolean() }),
]);

/** Merges settings; values of secure keys go to the secure map, not the public settings. */
export function applySettings(store: SimulatorStore, inst: AppInstallation, settings: Record<string, string | number | boolean | null>): void {
  for (const [k, v] of Object.entries(settings)) {
    if (inst.secure_keys.includes(k)) {
      const secure = store.secureSettings.get(inst.id) ?? {};
      if (v === null) delete secure[k]; else secure[k] = String(v);
      store.secureSettings.set(inst.id, secure);
    } else {
      inst.settings[k] = v;
    }
  }
}

export function appRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { store } = deps;
  const get = (id: number): AppInstallation => {
    const i = store.installations.get(id);
    if (!i) throw notFound();
    return i;
  };
  app.get('/apps/installations', (c) => c.json({ installations: [...store.installations.values()].map(presentInstallation) }));
  app.get('/apps/installations/:id{[0-9]+}', (c) => c.json(presentInstallation(get(idParam(c)))));
  app.put('/apps/installations/:id{[0-9]+}', async (c) => {
    const inst = get(idParam(c));
    const body = await parseBody(c, updateSchema);
    const settings = 'settings' in body ? body.settings : 'installation' in body ? body.installation.settings : undefined;
    const enabled = 'installation' in body ? body.installation.enabled : body.enabled;
    if (settings) applySettings(store, inst, settings);
    if (enabled !== undefined) inst.enabled = enabled;
    inst.updated_at = nextStamp(store.now(), inst.updated_at);
    return c.json(presentInstallation(inst));
  });
  return app;
}
