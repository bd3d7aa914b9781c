/**
 * npm run app:package [-- --no-build] [--out DIR] [--env-file PATH | --no-env-file]
 *
 * Builds the Zendesk app for this installation: the sidebar (vite build), then a package folder
 * (manifest.json with the configured worker host as its domainWhitelist, translations/, assets/),
 * checks that folder with the project's own manifest checks (app/manifest.test.ts; `zcli
 * apps:validate` needs an account), and zips it. Upload with `npx zcli apps:create dist/app-package`
 * (later `apps:update`), or upload dist/app-package.zip in Admin Center.
 *
 * Environment (or .dev.vars): TIERWISE_WORKER_URL.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { REPO_ROOT } from '../../sandbox/lib/dev-vars.ts';
import { CliError, envFileFrom, EXIT, loadEnv, parseCli, readWorkerUrl, type RawEnv } from '../zendesk/env.ts';
import { packagedManifest, type AppManifest } from './package-manifest.ts';

const USAGE = `Usage: npm run app:package -- [options]

  --no-build           use the sidebar already built in assets/ (npm run build:app)
  --out=DIR            package folder (default dist/app-package; the zip is written next to it)
  --env-file=PATH | --no-env-file   where TIERWISE_WORKER_URL comes from (default .dev.vars)

Environment: TIERWISE_WORKER_URL (its host becomes the manifest's domainWhitelist).`;

const argsSchema = z.object({ build: z.boolean(), out: z.string().min(1), envFile: z.string().nullable() });

export interface PackageResult {
  dir: string;
  zip: string | null;
}

interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): { code: number; output: string } {
  const result = spawnSync(command, args, { cwd: REPO_ROOT, env, encoding: 'utf8', maxBuffer: 20_000_000 });
  if (result.error) return { code: 127, output: result.error.message };
  return { code: result.status ?? 1, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

export function runPackage(argv: readonly string[], env: RawEnv, io: Io = { out: console.log, err: console.error }): number {
  try {
    const args = parseCli(argv, {
      'no-build': { type: 'boolean', default: false },
      out: { type: 'string', default: path.join('dist', 'app-package') },
      'env-file': { type: 'string' },
      'no-env-file': { type: 'boolean', default: false },
    }, USAGE, argsSchema, (values) => ({ build: !values['no-build'], out: values.out, envFile: envFileFrom(values) }));
    if (args === 'help') {
      io.out(USAGE);
      return EXIT.ok;
    }
    const workerUrl = readWorkerUrl(loadEnv(env, args.envFile).vars);
    const result = buildPackage(path.resolve(REPO_ROOT, args.out), workerUrl, args.build, io);
    io.out(`\nApp package for worker ${workerUrl}: ${path.relative(REPO_ROOT, result.dir)}/${result.zip ? ` and ${path.relative(REPO_ROOT, result.zip)}` : ''}`);
    io.out(`Upload: npx zcli apps:create ${path.relative(REPO_ROOT, result.dir)}   (later: npx zcli apps:update ${path.relative(REPO_ROOT, result.dir)})`);
    return EXIT.ok;
  } catch (error) {
    io.err(error instanceof Error ? error.message : String(error));
    return error instanceof CliError ? error.exitCode : EXIT.partial;
  }
}

function buildPackage(dir: string, workerUrl: string, build: boolean, io: Io): PackageResult {
  if (build) {
    io.out('> vite build');
    const vite = run(process.execPath, [path.join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build']);
    if (vite.code !== 0) throw new CliError(`vite build failed (exit ${vite.code}):\n${vite.output.slice(-4000)}`, EXIT.partial);
  }
  if (!existsSync(path.join(REPO_ROOT, 'assets', 'iframe.html'))) {
    throw new CliError('assets/iframe.html is missing: build the sidebar first (run without --no-build, or npm run build:app).', EXIT.usage);
  }
  let manifest: AppManifest;
  try {
    manifest = packagedManifest(JSON.parse(readFileSync(path.join(REPO_ROOT, 'manifest.json'), 'utf8')) as AppManifest, workerUrl);
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error), EXIT.usage);
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  cpSync(path.join(REPO_ROOT, 'translations'), path.join(dir, 'translations'), { recursive: true });
  cpSync(path.join(REPO_ROOT, 'assets'), path.join(dir, 'assets'), { recursive: true });

  // The project's own manifest checks, run against the package folder (not a copy of them).
  io.out('> manifest checks (app/manifest.test.ts) on the package');
  const checks = run(process.execPath, [path.join(REPO_ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run', 'app/manifest.test.ts', '--project', 'app'], { ...process.env, TIERWISE_APP_PACKAGE_DIR: dir });
  if (checks.code !== 0) throw new CliError(`The package does not pass the manifest checks:\n${checks.output.slice(-4000)}`, EXIT.partial);

  const zip = `${dir.replace(/[\\/]+$/, '')}.zip`;
  rmSync(zip, { force: true });
  const zipped = spawnSync('zip', ['-r', '-X', '-q', zip, '.'], { cwd: dir, encoding: 'utf8' });
  if (zipped.error || zipped.status !== 0) {
    io.err(`Could not write ${path.relative(REPO_ROOT, zip)} (${zipped.error ? 'the zip command is not installed' : zipped.stderr.trim()}); the folder is complete and zcli can upload it as it is.`);
    return { dir, zip: null };
  }
  return { dir, zip };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exit(runPackage(process.argv.slice(2), process.env));
}
