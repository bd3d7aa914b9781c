/**
 * The production build of the app: the sidebars' initial load carries no chart code, which only
 * the service dashboard loads, on demand, in its own location. Built here into a folder of its
 * own (assets/ may hold another build).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import dashboardEn from '../shared/i18n/dashboard/en.json';
import { measureBundle } from '../sandbox/bench/bundle-size.ts';
import { buildApp } from '../sandbox/lib/build-app.ts';

let ASSETS = '';

beforeAll(() => {
  ASSETS = mkdtempSync(join(tmpdir(), 'tierwise-bundle-'));
  const built = buildApp({ outDir: ASSETS });
  if (built.status !== 0) throw new Error(`vite build failed: ${built.stderr}`);
});

afterAll(() => rmSync(ASSETS, { recursive: true, force: true }));
/** Chart.js registers its radial scale under this id; no other code in the app says it. */
const CHART_CODE = 'radialLinear';
/** A sentence only the dashboard says: its catalogue (shared/i18n/dashboard/) must load with it, not with the sidebar. */
const DASHBOARD_SENTENCE = dashboardEn['dash.subtitle'];

describe('the built app', () => {
  it('keeps chart code and the dashboard\'s sentences out of the sidebars, and loads the dashboard and top bar on demand', () => {
    const sizes = measureBundle(ASSETS);
    const initial = sizes.initial.files.map((f) => readFileSync(join(ASSETS, f), 'utf8')).join('\n');
    expect(initial).not.toContain(CHART_CODE);
    expect(Object.keys(sizes.lazy).sort()).toEqual(['ServiceDashboard', 'TodaySummaryBar']);
    const dashboard = sizes.lazy['ServiceDashboard']!.files.map((f) => readFileSync(join(ASSETS, f), 'utf8')).join('\n');
    expect(dashboard).toContain(CHART_CODE);
    expect(initial).not.toContain(DASHBOARD_SENTENCE);
    expect(dashboard).toContain(DASHBOARD_SENTENCE);
    // Sizes are figures, not pass/fail: `npm run bench` reports them (sidebar_bundle).
  });
});
