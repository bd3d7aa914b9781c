/**
 * The README's configuration reference, generated from shared/settings.ts (SETTING_SPECS) with
 * labels and help from translations/en.json (app.parameters.<key>.label / helpText) when present.
 *
 *   tsx scripts/config-reference.ts            print the table
 *   tsx scripts/config-reference.ts --write    replace it between the markers in README.md
 *   tsx scripts/config-reference.ts --check    exit 1 when README.md is out of date
 *   (--readme PATH to use another file)
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { SETTING_KEYS, SETTING_SPECS, type SettingGroup, type SettingKey } from '../shared/settings.ts';
import { REPO_ROOT } from '../sandbox/lib/dev-vars.ts';

export const START_MARKER = '<!-- config-reference:start -->';
export const END_MARKER = '<!-- config-reference:end -->';
export const COMMAND = 'npm run docs:config';

const GROUP_NAMES: Record<SettingGroup, string> = {
  tiers: 'Customer tiers',
  fields: 'Customer fields',
  sla: 'Response targets',
  escalation: 'Escalation',
  priority: 'Priority',
  tags: 'Tags',
  playbook: 'Playbook',
  care: 'Care cadence',
  worker: 'Worker',
  dashboard: 'Service dashboard',
};

const translationsSchema = z.object({
  app: z.object({
    parameters: z.record(z.string(), z.object({ label: z.string().optional(), helpText: z.string().optional() }).passthrough()).optional(),
  }).passthrough(),
}).passthrough();

export type ParameterTexts = Partial<Record<string, { label?: string | undefined; helpText?: string | undefined }>>;

/** app.parameters of translations/en.json, or {} when the file is missing or unreadable. */
export function readParameterTexts(file = path.join(REPO_ROOT, 'translations', 'en.json')): ParameterTexts {
  if (!existsSync(file)) return {};
  try {
    const parsed = translationsSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data.app.parameters ?? {} : {};
  } catch {
    return {};
  }
}

const cell = (text: string): string => text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|').trim();

function formatDefault(value: unknown): string {
  if (value === null || value === '') return '(empty)';
  if (typeof value === 'string') return `\`${value}\``;
  if (typeof value === 'number') return `\`${String(value)}\``;
  return `\`${JSON.stringify(value)}\``;
}

function fallbackHelp(key: SettingKey): string {
  return `${GROUP_NAMES[SETTING_SPECS[key].group]} setting.`;
}

export function renderReference(texts: ParameterTexts = readParameterTexts()): string {
  const rows = SETTING_KEYS.map((key) => {
    const spec = SETTING_SPECS[key];
    const text = texts[key];
    const setting = text?.label ? `\`${key}\`<br>${cell(text.label)}` : `\`${key}\``;
    const type = `${spec.kind}${spec.secure ? ' (secure)' : ''}`;
    const help = text?.helpText ? cell(text.helpText) : fallbackHelp(key);
    return `| ${setting} | ${type} | ${formatDefault(spec.default)} | ${GROUP_NAMES[spec.group]}: ${help} |`;
  });
  return [
    `<!-- Generated from shared/settings.ts and translations/en.json by \`${COMMAND}\`; edit those, not this table. -->`,
    '',
    '| Setting | Type | Default | What it does |',
    '|---|---|---|---|',
    ...rows,
  ].join('\n');
}

export type ReadmeCheck = { ok: true } | { ok: false; reason: 'no_markers' | 'outdated'; message: string };

/** README text with the reference between the markers replaced, or null when the markers are missing. */
export function withReference(readme: string, reference: string): string | null {
  const start = readme.indexOf(START_MARKER);
  const end = readme.indexOf(END_MARKER);
  if (start === -1 || end === -1 || end < start) return null;
  return `${readme.slice(0, start + START_MARKER.length)}\n${reference}\n${readme.slice(end)}`;
}

export function checkReadme(readme: string, reference: string): ReadmeCheck {
  const updated = withReference(readme, reference);
  if (updated === null) {
    return { ok: false, reason: 'no_markers', message: `README.md has no configuration reference markers: put ${START_MARKER} and ${END_MARKER} where the reference belongs, then run ${COMMAND}.` };
  }
  if (updated !== readme) {
    return { ok: false, reason: 'outdated', message: `README.md's configuration reference differs from shared/settings.ts (or translations/en.json): run ${COMMAND} and commit README.md.` };
  }
  return { ok: true };
}

export function main(argv: readonly string[]): number {
  let values;
  try {
    ({ values } = parseArgs({ args: [...argv], options: { write: { type: 'boolean', default: false }, check: { type: 'boolean', default: false }, readme: { type: 'string' }, translations: { type: 'string' } } }));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\nUsage: tsx scripts/config-reference.ts [--write | --check] [--readme PATH]`);
    return 2;
  }
  const reference = renderReference(readParameterTexts(values.translations ?? undefined));
  if (!values.write && !values.check) {
    console.log(reference);
    return 0;
  }
  const readmePath = path.resolve(values.readme ?? path.join(REPO_ROOT, 'README.md'));
  if (!existsSync(readmePath)) {
    console.error(`${readmePath} does not exist.`);
    return 2;
  }
  const readme = readFileSync(readmePath, 'utf8');
  const check = checkReadme(readme, reference);
  if (values.check) {
    if (check.ok) {
      console.log(`${path.basename(readmePath)}: configuration reference is up to date (${SETTING_KEYS.length} settings).`);
      return 0;
    }
    console.error(check.message);
    return 1;
  }
  const updated = withReference(readme, reference);
  if (updated === null) {
    console.error(check.ok ? 'unexpected' : check.message);
    return 1;
  }
  if (updated === readme) {
    console.log(`${path.basename(readmePath)}: configuration reference already up to date.`);
    return 0;
  }
  writeFileSync(readmePath, updated);
  console.log(`${path.basename(readmePath)}: configuration reference updated (${SETTING_KEYS.length} settings).`);
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exit(main(process.argv.slice(2)));
}
