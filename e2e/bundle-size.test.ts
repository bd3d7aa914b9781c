/**
 * The built app (`npm test` builds it first): the sidebars' initial load carries no chart code,
 * which only the service dashboard loads, on demand, in its own location.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kB, measureBundle } from '../sandbox/bench/bundle-size.ts';

const ASSETS = join(import.meta.dirname, '..', 'assets');
/** Chart.js registers its radial scale under this id; no other code in the app says it. */
const CHART_CODE = 'radialLinear';
/** The sidebar's initial load was 112.1 kB gzip before the dashboard, 116.3 kB with its wording in the shared catalogue: a guard against more. */
const SIDEBAR_GUARD_KB = 117;

describe('the built app', () => {
  it('keeps chart code out of the sidebars and loads the dashboard and top bar on demand', () => {
    expect(existsSync(join(ASSETS, 'iframe.html')), 'build the app first: npx vite build').toBe(true);
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
