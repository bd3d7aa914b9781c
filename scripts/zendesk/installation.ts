/**
 * The worker acts only on the app installation it is told (TIERWISE_INSTALLATION_ID): setup
 * finds the Tierwise installation and says which id to give the worker, writing it into the
 * local env file it read (.dev.vars) when there is one. None or several: it says so, and
 * picks none (the worker would refuse a guess anyway).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import type { AdminClient } from './admin-client.ts';

const installationSchema = z.object({
  id: z.number(),
  enabled: z.boolean().optional(),
  settings: z.record(z.string(), z.unknown()).nullish(),
}).passthrough();

export type Installation = z.infer<typeof installationSchema>;

export const INSTALLATION_VAR = 'TIERWISE_INSTALLATION_ID';

/** Installations of the Tierwise app: named so in their settings (the manifest's name, or a title an admin gave it). */
export function tierwiseInstallations(all: readonly Installation[]): Installation[] {
  return all.filter((i) => /tierwise/i.test(String(i.settings?.name ?? '')) || /tierwise/i.test(String(i.settings?.title ?? '')));
}

/** The env file's text with `NAME=value` set (replacing an existing line, else appended). */
export function withVar(text: string, name: string, value: string): string {
  const line = `${name}=${value}`;
  const pattern = new RegExp(`^\\s*${name}\\s*=.*$`, 'm');
  if (pattern.test(text)) return text.replace(pattern, line);
  return `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}${line}\n`;
}

/** Say which installation the worker must be told; write it into `envFile` unless `dryRun`. Returns the id, or null. */
export async function reportInstallation(admin: AdminClient, out: (line: string) => void, options: { envFile: string | null; dryRun: boolean }): Promise<number | null> {
  const { installations } = await admin.request<{ installations: unknown[] }>('GET', '/api/v2/apps/installations.json');
  const all = installations.flatMap((i) => {
    const parsed = installationSchema.safeParse(i);
    return parsed.success ? [parsed.data] : [];
  });
  const enabled = tierwiseInstallations(all).filter((i) => i.enabled !== false);
  out('');
  if (enabled.length !== 1) {
    out(enabled.length === 0
      ? `No enabled Tierwise app installation yet: the worker acts on none until it is told one. Install the app (README "Run the sidebar inside your own Zendesk"), then run setup again for ${INSTALLATION_VAR}.`
      : `Several enabled Tierwise app installations (${enabled.map((i) => i.id).join(', ')}): tell the worker which one applies with ${INSTALLATION_VAR}.`);
    return null;
  }
  const id = enabled[0]!.id;
  out(`The worker acts only on this app installation: ${INSTALLATION_VAR}=${id}`);
  out(`  npx wrangler secret put ${INSTALLATION_VAR}   (paste ${id})`);
  if (options.envFile && !options.dryRun) {
    writeFileSync(options.envFile, withVar(readFileSync(options.envFile, 'utf8'), INSTALLATION_VAR, String(id)));
    out(`  written to ${options.envFile} for wrangler dev`);
  }
  return id;
}
