/**
 * Runs a command with Node.js 22 or newer first on PATH: wrangler and workerd refuse older
 * versions. When the machine's node is older, Node 22 is installed once from the npm registry
 * into ~/.cache/node22 (the same place .ci/run uses).
 *
 *   tsx scripts/node22.ts <command> [args...]
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

const REQUIRED_MAJOR = 22;
const prefix = path.join(homedir(), '.cache', 'node22');
const binDir = path.join(prefix, 'node_modules', '.bin');

function nodeBinDir(): string | null {
  if (Number(process.versions.node.split('.')[0]) >= REQUIRED_MAJOR) return null;
  if (!existsSync(path.join(binDir, 'node'))) {
    console.error(`Node ${process.versions.node} is too old for wrangler; installing Node ${REQUIRED_MAJOR} into ${prefix} (once)...`);
    execFileSync('npm', ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', `node@${REQUIRED_MAJOR}`], { stdio: 'inherit' });
  }
  return binDir;
}

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: tsx scripts/node22.ts <command> [args...]');
  process.exit(2);
}
const extraBin = nodeBinDir();
const env = extraBin ? { ...process.env, PATH: `${extraBin}${path.delimiter}${process.env.PATH ?? ''}` } : process.env;
const child = spawn(command, args, { stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
