/** npm run deploy -- --dry-run: wrangler bundles the worker offline (what CI relies on). */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers.ts';

describe('deploy --dry-run', () => {
  it('produces a worker bundle without deploying anything', async () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'tierwise-deploy-'));
    try {
      const result = await runCli('scripts/deploy.ts', ['--dry-run', `--outdir=${outdir}`], { CLOUDFLARE_CF_FETCH_ENABLED: 'false' });
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(result.stdout).toContain('Dry run: the worker bundles.');
      expect(result.stdout).toContain('Nothing was deployed.');
      const bundle = readdirSync(outdir).filter((f) => f.endsWith('.js'));
      expect(bundle.length).toBeGreaterThan(0);
      expect(statSync(path.join(outdir, bundle[0]!)).size).toBeGreaterThan(10_000);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
