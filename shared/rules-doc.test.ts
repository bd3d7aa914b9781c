/**
 * docs/rules.md states every default to the repository's users; this reads its tables and holds
 * them against the code, so the page cannot drift from what Tierwise does.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCENES, TIERS } from './domain.ts';
import { tierPriority } from './priority.ts';
import { DEFAULT_SETTINGS, SETTING_KEYS, SETTING_SPECS, type SettingKey } from './settings.ts';
import { firstResponseTargetMs } from './sla.ts';

const doc = readFileSync(new URL('../docs/rules.md', import.meta.url), 'utf8');

/** Table body rows of the page (no headers, no separators) as trimmed cells, backticks removed. */
const lines = doc.split('\n');
const isSeparator = (line: string | undefined) => line !== undefined && /^\|[-|\s]+\|$/.test(line);
const rows = lines
  .filter((line, i) => line.startsWith('|') && !isSeparator(line) && !isSeparator(lines[i + 1]))
  .map((line) => line.slice(1, -1).split('|').map((cell) => cell.trim().replace(/`/g, '')));

/** Rows of the "setting | default | why" tables: the first cell names a setting key. */
const settingRows = rows.filter((cells) => /^[a-z][a-z0-9_]*$/.test(cells[0]!) && cells.length === 3 && !(TIERS as readonly string[]).includes(cells[0]!));

/** A default as the page writes it: 500,000 / 0.5 / `high` / Supervisors / on / (empty). */
function readDocValue(text: string): unknown {
  if (text === '(empty)') return null;
  if (text === 'on' || text === 'off') return text === 'on';
  if (/^\d{1,3}(,\d{3})*(\.\d+)?$|^\d+(\.\d+)?$/.test(text)) return Number(text.replace(/,/g, ''));
  return text;
}

const asDoc = (value: unknown): unknown => (value === '' ? null : value);

describe('docs/rules.md', () => {
  it('keeps the section headings that code comments link to', () => {
    const headings = doc.split('\n').filter((line) => line.startsWith('## '));
    expect(headings).toEqual([
      '## Tiers',
      '## Customer tags',
      '## Playbook',
      '## Scenes and response targets',
      '## Handled, solved and escalation',
      '## Priority',
      '## Service quality',
      '## Care cadence',
    ]);
  });

  it('names only settings that exist, each once', () => {
    const keys = settingRows.map((cells) => cells[0]!);
    expect(keys.filter((key) => !(SETTING_KEYS as string[]).includes(key))).toEqual([]);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('states the default of every rule setting', () => {
    const documented = new Set(settingRows.map((cells) => cells[0]));
    // The worker connection and who sees the dashboard are not business rules: the README's configuration reference covers them.
    const rules = SETTING_KEYS.filter((key) => SETTING_SPECS[key].group !== 'worker' && SETTING_SPECS[key].group !== 'dashboard');
    expect(rules.filter((key) => !documented.has(key))).toEqual([]);
  });

  it('states each default exactly as shared/settings.ts has it', () => {
    const stated = Object.fromEntries(settingRows.map((cells) => [cells[0], readDocValue(cells[1]!)]));
    const actual = Object.fromEntries(Object.keys(stated).map((key) => [key, asDoc(DEFAULT_SETTINGS[key as SettingKey])]));
    expect(stated).toEqual(actual);
  });

  it('gives the first-response targets the code computes, core 50% shorter', () => {
    const table = rows.filter((cells) => (SCENES as readonly string[]).some((scene) => cells[0]!.startsWith(`${scene} (`)));
    expect(table.map((cells) => cells[0]!.split(' ')[0])).toEqual([...SCENES]);
    const duration = (text: string) => (text.endsWith(' min') ? Number(text.slice(0, -4)) * 60_000 : Number(text.replace(/ h$/, '')) * 3_600_000);
    for (const [label, full, core] of table) {
      const scene = SCENES.find((s) => label!.startsWith(`${s} (`))!;
      expect({ scene, basic: duration(full!), potential: duration(full!), core: duration(core!) }).toEqual({
        scene,
        basic: firstResponseTargetMs('basic', scene, DEFAULT_SETTINGS),
        potential: firstResponseTargetMs('potential', scene, DEFAULT_SETTINGS),
        core: firstResponseTargetMs('core', scene, DEFAULT_SETTINGS),
      });
    }
  });

  it('gives the tier x scene priorities the code sets', () => {
    const table = rows.filter((cells) => (TIERS as readonly string[]).includes(cells[0]!) && cells.length === 3);
    expect(table.map((cells) => cells[0])).toEqual([...TIERS]);
    for (const [tier, other, aftersale] of table) {
      const t = tier as (typeof TIERS)[number];
      expect({ tier, presale: other, insale: other, aftersale }).toEqual({
        tier,
        presale: tierPriority(t, 'presale', DEFAULT_SETTINGS),
        insale: tierPriority(t, 'insale', DEFAULT_SETTINGS),
        aftersale: tierPriority(t, 'aftersale', DEFAULT_SETTINGS),
      });
    }
  });
});
