/** The README's configuration reference must match shared/settings.ts (npm run docs:config regenerates it). */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../sandbox/lib/dev-vars.ts';
import { SETTING_KEYS } from '../../shared/settings.ts';
import { checkReadme, END_MARKER, renderReference, START_MARKER, withReference } from '../../scripts/config-reference.ts';
import { runCli } from './helpers.ts';

describe('configuration reference', () => {
  it('README.md matches the settings schema (fix: npm run docs:config)', () => {
    const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const check = checkReadme(readme, renderReference());
    expect(check.ok ? 'up to date' : check.message).toBe('up to date');
  });

  it('has one row per setting, with labels and help when translations exist, and without them otherwise', () => {
    const withTexts = renderReference({ core_min_orders: { label: 'Core: minimum orders', helpText: 'Orders a | year' } });
    expect(withTexts).toContain('| `core_min_orders`<br>Core: minimum orders | number | `10` | Customer tiers: Orders a \\| year |');
    const bare = renderReference({});
    for (const key of SETTING_KEYS) expect(bare).toContain(`| \`${key}\``);
    expect(bare.split('\n').filter((l) => l.startsWith('| `'))).toHaveLength(SETTING_KEYS.length);
    expect(bare).toContain('| `worker_token` | text (secure) | (empty) |');
    expect(bare).toContain('| `escalation_l1_group` | text | `Supervisors` |');
  });

  it('--write fills the markers, --check passes after it and fails when the table is stale or the markers are missing', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tierwise-docs-'));
    try {
      const readme = path.join(dir, 'README.md');
      writeFileSync(readme, `# X\n\nintro\n\n${START_MARKER}\nold\n${END_MARKER}\n\nrest\n`);
      expect((await runCli('scripts/config-reference.ts', ['--check', `--readme=${readme}`], {})).code).toBe(1);
      const write = await runCli('scripts/config-reference.ts', ['--write', `--readme=${readme}`], {});
      expect(write.code, write.stderr).toBe(0);
      const text = readFileSync(readme, 'utf8');
      expect(text.startsWith('# X\n\nintro\n\n')).toBe(true);
      expect(text.endsWith(`${END_MARKER}\n\nrest\n`)).toBe(true);
      expect(withReference(text, renderReference())).toBe(text);
      expect((await runCli('scripts/config-reference.ts', ['--check', `--readme=${readme}`], {})).code).toBe(0);

      writeFileSync(readme, '# No markers\n');
      const missing = await runCli('scripts/config-reference.ts', ['--check', `--readme=${readme}`], {});
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('run npm run docs:config');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
