/** Reads .dev.vars (KEY=VALUE lines), creating it from .dev.vars.example when missing. */
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');

export function parseDevVars(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (match && !line.trimStart().startsWith('#')) vars[match[1]!] = match[2]!.replace(/^"(.*)"$/, '$1');
  }
  return vars;
}

export function loadDevVars(root = REPO_ROOT): Record<string, string> {
  const file = path.join(root, '.dev.vars');
  if (!existsSync(file)) {
    copyFileSync(path.join(root, '.dev.vars.example'), file);
    console.log('Created .dev.vars from .dev.vars.example (sandbox credentials).');
  }
  return parseDevVars(readFileSync(file, 'utf8'));
}
