/**
 * npm run app:package: the zip an admin uploads carries the configured worker host as the only
 * domain worker_token may be sent to, and passes the project's own manifest checks.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { packagedManifest, workerHost } from '../../scripts/app/package-manifest.ts';
import { runPackage } from '../../scripts/app/package.ts';
import { captureIo } from './helpers.ts';

const repoManifest = () => JSON.parse(readFileSync(new URL('../../manifest.json', import.meta.url), 'utf8')) as Record<string, unknown>;
let dir: string | null = null;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

describe('app package manifest', () => {
  it('whitelists exactly the worker host, as a bare hostname, and leaves the repository manifest alone', () => {
    const original = repoManifest();
    const packaged = packagedManifest(original, 'https://Tierwise.Acme.workers.dev:8443/some/path');
    expect(packaged.domainWhitelist).toEqual(['tierwise.acme.workers.dev']);
    expect(original.domainWhitelist).toEqual(['localhost', '127.0.0.1']);
    expect({ ...packaged, domainWhitelist: original.domainWhitelist }).toEqual(original);
    expect(() => workerHost('not a url')).toThrow(/not a URL/);
    expect(() => workerHost('ftp://x.example')).toThrow(/http/);
  });
});

describe('npm run app:package', () => {
  it('builds the sidebar, checks the package and zips it for zcli', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'tierwise-package-'));
    const out = path.join(dir, 'pkg');
    const cap = captureIo();
    const code = runPackage(['--no-env-file', `--out=${out}`], { TIERWISE_WORKER_URL: 'https://tierwise.acme.workers.dev' }, cap.io);
    expect(code, cap.text()).toBe(0);
    expect(cap.text()).toContain('> vite build');
    expect(cap.text()).toContain('> manifest checks (app/manifest.test.ts) on the package');
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as { domainWhitelist: string[] };
    expect(manifest.domainWhitelist).toEqual(['tierwise.acme.workers.dev']);
    const listing = execFileSync('unzip', ['-Z1', `${out}.zip`], { encoding: 'utf8' }).split('\n').filter(Boolean).sort();
    expect(listing).toEqual(expect.arrayContaining(['manifest.json', 'translations/en.json', 'translations/zh-CN.json', 'assets/iframe.html', 'assets/logo.png', 'assets/logo-small.png']));
    expect(listing.some((f) => /^assets\/app\/.+\.js$/.test(f))).toBe(true);
    expect(cap.text()).toContain(`npx zcli apps:create`);
  });

  it('refuses to package without the worker URL, naming the variable', () => {
    const cap = captureIo();
    expect(runPackage(['--no-env-file', '--no-build'], {}, cap.io)).toBe(2);
    expect(cap.text()).toMatch(/TIERWISE_WORKER_URL/);
  });
});
