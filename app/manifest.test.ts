// @vitest-environment node
/**
 * manifest.json, translations/ and assets/ against Zendesk's documented rules for a ZAF v2 app
 * (`zcli apps:validate` needs an account), and against shared/settings.ts so the app's parameters
 * can never drift from the settings the code reads. `npm run app:package` runs these same checks
 * on the package folder it builds (TIERWISE_APP_PACKAGE_DIR); otherwise on the repository root.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, SETTING_KEYS, SETTING_SPECS, type SettingKey } from '../shared/settings.ts';

const root = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));
/** The app package's files: the folder app:package built, or the repository root. */
const packageDir = process.env['TIERWISE_APP_PACKAGE_DIR'];
const packaged = (path: string) => (packageDir ? `${packageDir}/${path}` : root(path));
const json = (path: string) => JSON.parse(readFileSync(root(path), 'utf8')) as Record<string, any>;
const packagedJson = (path: string) => JSON.parse(readFileSync(packaged(path), 'utf8')) as Record<string, any>;

const manifest = packagedJson('manifest.json');
const SECURE_SCOPES = ['header', 'url', 'body'];
const PARAMETER_TYPES = ['text', 'checkbox', 'url', 'number', 'multiline', 'hidden', 'oauth'];
const SIDEBARS = ['ticket_sidebar', 'user_sidebar', 'organization_sidebar'];
/** The service dashboard (a full page in the agent workspace) and today's summary (the top bar's pane). */
const BARS = ['nav_bar', 'top_bar'];

interface Parameter {
  name: string;
  type: string;
  required?: boolean;
  secure?: boolean;
  scopes?: unknown;
  default?: unknown;
}
const parameters = manifest.parameters as Parameter[];

function png(path: string): { width: number; height: number; colourType: number } {
  const bytes = readFileSync(packaged(path));
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(bytes.subarray(12, 16).toString('ascii')).toBe('IHDR');
  // The image data must inflate: a real PNG, not a renamed file.
  const idat: Buffer[] = [];
  for (let at = 8; at < bytes.length; ) {
    const length = bytes.readUInt32BE(at);
    if (bytes.subarray(at + 4, at + 8).toString('ascii') === 'IDAT') idat.push(bytes.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  expect(inflateSync(Buffer.concat(idat)).length).toBeGreaterThan(0);
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20), colourType: bytes[25]! };
}

describe('manifest.json', () => {
  it('is a private ZAF v2 app with an author and a default locale', () => {
    expect(manifest.frameworkVersion).toBe('2.0');
    expect(manifest.private).toBe(true);
    expect(manifest.defaultLocale).toBe('en');
    expect(typeof manifest.name).toBe('string');
    expect(manifest.author?.name).toBeTruthy();
    expect(manifest.author?.email).toMatch(/^[^@\s]+@[^@\s]+$/);
    expect(manifest.version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('puts the sidebar in the ticket, user and organization sidebars, flexible', () => {
    expect(Object.keys(manifest.location)).toEqual(['support']);
    expect(Object.keys(manifest.location.support).sort()).toEqual([...SIDEBARS, ...BARS].sort());
    for (const location of SIDEBARS) expect(manifest.location.support[location]).toEqual({ url: 'assets/iframe.html', flexible: true });
  });

  it('serves the nav bar and top bar from the same page, the top bar pane at a fixed size', () => {
    expect(manifest.location.support.nav_bar).toEqual({ url: 'assets/iframe.html' });
    const topBar = manifest.location.support.top_bar;
    expect(topBar.url).toBe('assets/iframe.html');
    // Zendesk's manifest reference: `size` takes CSS pixel widths and heights for a top bar pane.
    expect(topBar.size.width).toMatch(/^\d+px$/);
    expect(topBar.size.height).toMatch(/^\d+px$/);
  });

  it('uses location URLs that are https, localhost, a setting, or an asset the build produces', () => {
    for (const { url } of Object.values(manifest.location.support) as Array<{ url: string }>) {
      if (/^https:\/\//.test(url) || /^http:\/\/localhost[:/]/.test(url) || /^\{\{setting\.\w+\}\}/.test(url)) continue;
      expect(url).toMatch(/^assets\/[\w./-]+$/);
      // The build turns app/<file> into assets/<file> (vite.config.ts: root app/, outDir assets/).
      const source = url.replace(/^assets\//, 'app/');
      expect(existsSync(root(source)) || existsSync(packaged(url)), `${url} (built from ${source})`).toBe(true);
    }
    const viteConfig = readFileSync(root('vite.config.ts'), 'utf8');
    expect(viteConfig).toMatch(/emptyOutDir:\s*false/);
    expect(viteConfig).toMatch(/base:\s*'\.\/'/);
  });

  it('has exactly one parameter per setting in shared/settings.ts, in the same order', () => {
    expect(parameters.map((p) => p.name)).toEqual(SETTING_KEYS);
  });

  it('follows Zendesk parameter rules', () => {
    const names = new Set<string>();
    for (const p of parameters) {
      expect(names.has(p.name), `duplicate ${p.name}`).toBe(false);
      names.add(p.name);
      expect(p.name).not.toBe('name');
      expect(p.name).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(PARAMETER_TYPES, `${p.name}: type ${p.type}`).toContain(p.type);
      expect(p.type).not.toBe('password');
      if (p.type === 'hidden') expect(p.required, `${p.name}: hidden cannot be required`).not.toBe(true);
      if (p.secure) expect(p.default, `${p.name}: a secure parameter has no default`).toBeUndefined();
    }
  });

  it('limits every secure parameter with scopes (Zendesk\'s validator warns without) and names the hosts it may go to', () => {
    const secure = parameters.filter((p) => p.secure);
    expect(secure.map((p) => p.name)).toEqual(['worker_token']);
    for (const p of secure) {
      expect(Array.isArray(p.scopes), `${p.name}: scopes`).toBe(true);
      expect((p.scopes as unknown[]).length, `${p.name}: scopes`).toBeGreaterThan(0);
      for (const scope of p.scopes as unknown[]) expect(SECURE_SCOPES, `${p.name}: scope ${String(scope)}`).toContain(scope);
    }
    // The worker_token goes in the Authorization header only (app/data/audit.ts).
    expect(parameters.find((p) => p.name === 'worker_token')?.scopes).toEqual(['header']);
    for (const p of parameters.filter((x) => !x.secure)) expect(p.scopes, `${p.name}: scopes only on secure parameters`).toBeUndefined();
    const whitelist = manifest.domainWhitelist as unknown;
    expect(Array.isArray(whitelist)).toBe(true);
    expect((whitelist as unknown[]).length).toBeGreaterThan(0);
    // Bare hostnames: no scheme, port, path, wildcard or {{setting}} placeholder.
    for (const host of whitelist as unknown[]) expect(host).toMatch(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/);
  });

  it('types, secures and defaults every parameter as its setting spec says', () => {
    for (const p of parameters) {
      const key = p.name as SettingKey;
      const spec = SETTING_SPECS[key];
      expect(p.type, key).toBe(spec.kind);
      expect(p.secure === true, `${key}: secure`).toBe(spec.secure === true);
      const fallback = DEFAULT_SETTINGS[key];
      if (fallback === null || fallback === '') {
        expect(p.default, `${key}: no default`).toBeUndefined();
      } else {
        expect(p.default, `${key}: default`).toEqual(fallback);
        const expected = { number: 'number', checkbox: 'boolean' }[spec.kind as string] ?? 'string';
        expect(typeof p.default, `${key}: default type`).toBe(expected);
      }
      // A required parameter would force the admin to type a value the app has a default for.
      expect(p.required ?? false).toBe(false);
    }
    expect(parameters.find((p) => p.name === 'worker_token')?.secure).toBe(true);
  });
});

describe('translations', () => {
  for (const locale of ['en', 'zh-CN']) {
    it(`${locale}: names and describes the app and labels every parameter`, () => {
      const app = packagedJson(`translations/${locale}.json`).app;
      for (const key of ['name', 'short_description', 'long_description', 'installation_instructions']) expect(typeof app[key], `${locale} app.${key}`).toBe('string');
      expect(Object.keys(app.parameters)).toEqual(SETTING_KEYS);
      for (const key of SETTING_KEYS) {
        expect(app.parameters[key].label, `${locale} ${key}.label`).toMatch(/\S/);
        expect(app.parameters[key].helpText, `${locale} ${key}.helpText`).toMatch(/\S/);
      }
    });
  }

  it('has the default locale file', () => {
    expect(existsSync(packaged(`translations/${manifest.defaultLocale}.json`))).toBe(true);
  });
});

describe('assets', () => {
  it('has a 320x320 logo.png and a 128x128 logo-small.png', () => {
    expect(png('assets/logo.png')).toMatchObject({ width: 320, height: 320 });
    expect(png('assets/logo-small.png')).toMatchObject({ width: 128, height: 128 });
  });

  // Zendesk's "Styles and assets": a nav bar or top bar app has an icon_<location>.svg (or .png)
  // whose <svg> has a viewBox; Zendesk resizes it to 18x18 and colours it to the account's brand.
  for (const location of BARS) {
    it(`has an SVG icon for the ${location}`, () => {
      const svg = readFileSync(root(`assets/icon_${location}.svg`), 'utf8');
      expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      expect(svg).toMatch(/<svg [^>]*viewBox="0 0 \d+ \d+"/);
      expect(svg).not.toMatch(/<script|on\w+=/i);
    });
  }
});
