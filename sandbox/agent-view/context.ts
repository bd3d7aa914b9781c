/**
 * What every agent-view route shares: the Zendesk API as the agent, the app's identity and
 * settings (secure ones kept apart), and how a request's page chrome (language, colour scheme)
 * and errors are derived.
 */
import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { ZendeskApi, ZendeskApiError } from './zendesk-api.ts';
import { errorPage, type AgentLocale, type AppLocation, type ColorScheme, type HostConfig, type PageChrome } from './pages.ts';
import type { SettingValue } from './proxy.ts';

export const APP_NAME = 'Tierwise';
export const LOCALE_COOKIE = 'tw_agent_locale';
export const COLOR_SCHEME_COOKIE = 'tw_color_scheme';

export interface ViewContextOptions {
  zendeskUrl: string;
  zendeskEmail: string;
  zendeskApiToken: string;
  /** Non-secure app settings (sent to the app in metadata). Default: the simulator's installation settings. */
  appSettings?: Record<string, SettingValue>;
  /** Laid over the settings above (e.g. worker_url from TIERWISE_WORKER_URL). */
  settingOverrides?: Record<string, SettingValue>;
  /** Secure app settings: only ever substituted server-side into `{{setting.x}}` placeholders. */
  secureSettings?: Record<string, string>;
  /** How often the host page re-reads the ticket to notice changes made elsewhere (default 3000 ms). */
  pollMs?: number;
  subdomain?: string;
  appVersion?: string;
}

export interface ViewContext {
  api: ZendeskApi;
  /** Secure app settings: only ever substituted server-side. */
  secureSettings: Readonly<Record<string, string>>;
  app: { guid: string; appId: number; installationId: number; version: string; subdomain: string };
  /** Non-secure settings: given, or read from the simulator's installation like the worker does. */
  appSettings(): Promise<Record<string, SettingValue>>;
  /** The agent's language: the page's switch (a cookie), else the agent's Zendesk locale. */
  localeOf(c: Context, agentLocale?: string): AgentLocale;
  chromeOf(c: Context, agentName?: string, agentLocale?: string): PageChrome;
  hostConfig(location: AppLocation, recordId: number, iframeId?: string): HostConfig;
  /** The signed-in agent's name and locale; empty when Zendesk does not answer. */
  currentAgent(): Promise<{ name: string; locale?: string }>;
  /** An error page for a failed Zendesk read: 404 for a missing record, else 502. */
  failure(c: Context, error: unknown): Response | Promise<Response>;
}

export function parseId(raw: string | undefined): number | null {
  return raw && /^\d{1,15}$/.test(raw) ? Number(raw) : null;
}

export function originOf(c: Context): string {
  return new URL(c.req.url).origin;
}

async function readPackageVersion(repoRoot: string): Promise<string> {
  try {
    const pkg = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export async function createViewContext(options: ViewContextOptions, repoRoot: string): Promise<ViewContext> {
  const api = new ZendeskApi({ url: options.zendeskUrl, email: options.zendeskEmail, apiToken: options.zendeskApiToken });
  const secureSettings: Record<string, string> = { ...(options.secureSettings ?? {}) };
  const app = {
    guid: randomUUID(),
    appId: 1,
    installationId: 1,
    version: options.appVersion ?? (await readPackageVersion(repoRoot)),
    subdomain: options.subdomain ?? 'tierwise-sandbox',
  };
  const pollMs = options.pollMs ?? 3000;

  let settingsCache: { at: number; value: Record<string, SettingValue> } | null = null;
  async function appSettings(): Promise<Record<string, SettingValue>> {
    let settings: Record<string, SettingValue>;
    if (options.appSettings) {
      settings = { ...options.appSettings };
    } else if (settingsCache && Date.now() - settingsCache.at < 5000) {
      settings = settingsCache.value;
    } else {
      settings = {};
      try {
        const stored = await api.installationSettings(APP_NAME);
        for (const [key, value] of Object.entries(stored ?? {})) {
          if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') settings[key] = value;
        }
      } catch {
        // The simulator may not know the installation: the app then uses its defaults.
      }
      settingsCache = { at: Date.now(), value: settings };
    }
    settings = { ...settings, ...(options.settingOverrides ?? {}) };
    for (const key of Object.keys(secureSettings)) delete settings[key];
    return settings;
  }

  function localeOf(c: Context, agentLocale?: string): AgentLocale {
    const chosen = getCookie(c, LOCALE_COOKIE) ?? agentLocale ?? 'en';
    return /^zh/i.test(chosen) ? 'zh-CN' : 'en';
  }

  function chromeOf(c: Context, agentName = '', agentLocale?: string): PageChrome {
    const locale = localeOf(c, agentLocale);
    const colorScheme: ColorScheme = getCookie(c, COLOR_SCHEME_COOKIE) === 'dark' ? 'dark' : 'light';
    return { locale, colorScheme, agentName };
  }

  return {
    api,
    secureSettings,
    app,
    appSettings,
    localeOf,
    chromeOf,
    hostConfig: (location, recordId, iframeId) => ({ location, recordId, appGuid: app.guid, pollMs, ...(iframeId ? { iframeId } : {}) }),
    async currentAgent() {
      try {
        const me = await api.me();
        return { name: me.name, ...(me.locale ? { locale: me.locale } : {}) };
      } catch {
        return { name: '' };
      }
    },
    failure(c, error) {
      const status = error instanceof ZendeskApiError ? error.status : 502;
      const message = error instanceof Error ? error.message : String(error);
      return c.html(errorPage(chromeOf(c), status, message), status === 404 ? 404 : 502);
    },
  };
}
