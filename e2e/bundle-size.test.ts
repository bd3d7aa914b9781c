/**
 * The production build of the app: the sidebars' initial load carries no chart code, which only
 * the service dashboard loads, on demand, in its own location. Built here into a folder of its
 * own (assets/ may hold another build: the sandbox's start tests build under NODE_ENV=test).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kB, measureBundle } from '../sandbox/bench/bundle-size.ts';

const REPO_ROOT = join(import.meta.dirname, '..');
let ASSETS = '';

beforeAll(() => {
  ASSETS = mkdtempSync(join(tmpdir(), 'tierwise-bundle-'));
  const vite = join(REPO_ROOT, 'node_modules', '.bin', 'vite');
  const built = spawnSync(vite, ['build', '--outDir', ASSETS, '--logLevel', 'error'], { cwd: REPO_ROOT, env: { ...process.env, NODE_ENV: 'production' }, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`vite build failed: ${built.stderr}`);
});

afterAll(() => rmSync(ASSETS, { recursive: true, force: true }));
/** Chart.js registers its radial scale under this id; no other code in the app says it. */
const CHART_CODE = 'radialLinear';
/**
 * The sidebar's initial load was 112.1 kB gzip before the dashboard; 113.8 kB with it, the
 * dashboard's own sentences loading with the dashboard (shared/i18n/dashboard/): a guard against more.
 */
const SIDEBAR_GUARD_KB = 114;

describe('the built app', () => {
  it('keeps chart code out of the sidebars and loads the dashboard and top bar on demand', () => {
    const sizes = measureBundle(ASSETS);
    const initial = sizes.initial.files.map((f) => readFileSync(join(ASSETS, f), 'utf8')).join('\n');
    expect(initial).not.toContain(CHART_CODE);
    expect(Object.keys(sizes.lazy).sort()).toEqual(['ServiceDashboard', 'TodaySummaryBar']);
    const dashboard = sizes.lazy['ServiceDashboard']!.files.map((f) => readFileSync(join(ASSETS, f), 'utf8')).join('\n');
    expect(dashboard).toContain(CHART_CODE);
    expect(kB(sizes.initial.gzipBytes)).toBeLessThanOrEqual(SIDEBAR_GUARD_KB);
    expect(kB(sizes.lazy['TodaySummaryBar']!.gzipBytes)).toBeLessThan(5);
  });
});
