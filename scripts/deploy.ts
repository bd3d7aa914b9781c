/**
 * npm run deploy [-- --dry-run [--outdir DIR]]
 *
 * Real deploy: build the sidebar app (vite build), apply the D1 migrations to the remote database
 * (wrangler d1 migrations apply DB --remote), deploy the worker (wrangler deploy).
 * --dry-run: only `wrangler deploy --dry-run --outdir DIR`, which bundles the worker without
 * talking to Cloudflare (works offline; CI uses it to prove the bundle builds).
 *
 * wrangler needs Node 22: run through `tsx scripts/node22.ts` (the npm script does).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from '../sandbox/lib/dev-vars.ts';

const PLACEHOLDER_DATABASE_ID = '00000000-0000-4000-8000-000000000000';
const LOGIN_PATTERN = /not (?:been )?(?:logged|authenticated)|wrangler login|CLOUDFLARE_API_TOKEN|Authentication error|\[code: 10000\]|\[code: 9106\]/i;

interface Step {
  title: string;
  command: string;
  args: string[];
}

interface StepResult {
  code: number;
  output: string;
}

function run(step: Step, env: NodeJS.ProcessEnv): Promise<StepResult> {
  return new Promise((resolve) => {
    console.log(`\n> ${step.command} ${step.args.join(' ')}`);
    const child = spawn(step.command, step.args, { cwd: REPO_ROOT, env, stdio: ['inherit', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer, to: NodeJS.WriteStream): void => {
      to.write(chunk);
      output = (output + chunk.toString()).slice(-20_000);
    };
    child.stdout.on('data', (c: Buffer) => keep(c, process.stdout));
    child.stderr.on('data', (c: Buffer) => keep(c, process.stderr));
    child.on('error', (error) => resolve({ code: 127, output: `${output}\n${error.message}` }));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
}

/** Explains a failed step; wrangler's own message has already been shown above. */
function explain(step: Step, result: StepResult): string {
  const lines = [`\n${step.title} failed (exit ${result.code}).`];
  if (result.code === 127) lines.push(`Could not start ${step.command}: is it installed (npm ci)?`);
  if (LOGIN_PATTERN.test(result.output)) {
    lines.push('wrangler is not logged in to Cloudflare (see its message above): run `npx wrangler login`, or in CI set CLOUDFLARE_API_TOKEN (and CLOUDFLARE_ACCOUNT_ID), then run npm run deploy again.');
  }
  if (/requires at least Node\.js|Node\.js v?2[2-9]/i.test(result.output)) lines.push('wrangler needs Node.js 22 or newer: run through `tsx scripts/node22.ts tsx scripts/deploy.ts`.');
  return lines.join('\n');
}

function files(dir: string): Array<{ name: string; bytes: number }> {
  if (!existsSync(dir)) return [];
  const out: Array<{ name: string; bytes: number }> = [];
  for (const entry of readdirSync(dir, { recursive: true })) {
    const full = path.join(dir, String(entry));
    if (statSync(full).isFile()) out.push({ name: String(entry), bytes: statSync(full).size });
  }
  return out;
}

export async function main(argv: readonly string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: [...argv], options: { 'dry-run': { type: 'boolean', default: false }, outdir: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } } }));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\nUsage: npm run deploy [-- --dry-run [--outdir DIR]]`);
    return 2;
  }
  if (values.help) {
    console.log('Usage: npm run deploy [-- --dry-run [--outdir DIR]]\n  Builds the app, applies D1 migrations remotely and deploys the worker.\n  --dry-run bundles the worker only (wrangler deploy --dry-run), offline.');
    return 0;
  }
  const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
  const env = { ...process.env, WRANGLER_SEND_METRICS: 'false' };

  if (values['dry-run']) {
    const outdir = path.resolve(values.outdir ?? mkdtempSync(path.join(tmpdir(), 'tierwise-bundle-')));
    const step: Step = { title: 'Bundling the worker (wrangler deploy --dry-run)', command: npx, args: ['wrangler', 'deploy', '--dry-run', '--outdir', outdir] };
    const result = await run(step, env);
    if (result.code !== 0) {
      console.error(explain(step, result));
      return 1;
    }
    const bundle = files(outdir);
    if (bundle.length === 0) {
      console.error(`\nwrangler succeeded but wrote nothing to ${outdir}.`);
      return 1;
    }
    console.log(`\nDry run: the worker bundles. ${outdir}:`);
    for (const f of bundle) console.log(`  ${f.name}  ${(f.bytes / 1024).toFixed(1)} KiB`);
    console.log('Nothing was deployed.');
    return 0;
  }

  const toml = readFileSync(path.join(REPO_ROOT, 'wrangler.toml'), 'utf8');
  if (toml.includes(PLACEHOLDER_DATABASE_ID)) {
    console.error('wrangler.toml still has the placeholder D1 database_id. Create the database once with\n  npx wrangler d1 create tierwise-audit\nand put the database_id it prints into wrangler.toml ([[d1_databases]]), then run npm run deploy again.');
    return 2;
  }
  const steps: Step[] = [
    { title: 'Building the sidebar app (vite build)', command: npx, args: ['vite', 'build'] },
    { title: 'Applying D1 migrations (remote)', command: npx, args: ['wrangler', 'd1', 'migrations', 'apply', 'DB', '--remote'] },
    { title: 'Deploying the worker (wrangler deploy)', command: npx, args: ['wrangler', 'deploy'] },
  ];
  const done: string[] = [];
  for (const step of steps) {
    console.log(`\n== ${step.title}`);
    const result = await run(step, env);
    if (result.code !== 0) {
      console.error(explain(step, result));
      console.error(done.length > 0 ? `Done before the failure: ${done.join('; ')}.` : 'Nothing was deployed.');
      return 1;
    }
    done.push(step.title);
  }
  console.log('\nDeployed. Next: npm run zendesk:setup (fields, groups, webhook; then, with the app installed, the TIERWISE_INSTALLATION_ID it prints) and npx wrangler secret put ZENDESK_WEBHOOK_SECRET and TIERWISE_INSTALLATION_ID.');
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
