/**
 * `vite build` of the app (the sidebar, the dashboard and the top bar) as Zendesk gets it: always a
 * production build. A child of a test run inherits NODE_ENV=test, and with it React's development
 * build, several times larger: the agent view would serve it and the bench would measure it.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './dev-vars.ts';

export function buildApp(options: { outDir?: string; stdio?: 'inherit' | 'pipe' } = {}): SpawnSyncReturns<string> {
  const vite = path.join(REPO_ROOT, 'node_modules', '.bin', 'vite');
  const args = ['build', '--logLevel', 'error', ...(options.outDir ? ['--outDir', options.outDir] : [])];
  return spawnSync(vite, args, { cwd: REPO_ROOT, env: { ...process.env, NODE_ENV: 'production' }, stdio: options.stdio ?? 'pipe', encoding: 'utf8' });
}
