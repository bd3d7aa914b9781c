/**
 * Which app installation's settings apply: the one the worker is told (TIERWISE_INSTALLATION_ID,
 * which `npm run zendesk:setup` finds and writes), never a guess. A missing, disabled or unnamed
 * installation is a problem the worker reports (on /health) and refuses to act on: every run
 * that needs the settings fails with `SettingsUnavailable`, a RetryLater, so its events stay
 * queued and the run is retried until an admin fixes it. Nothing runs on defaults.
 */
import type { Env } from '../env.ts';
import { RetryLater } from './client.ts';
import type { ZendeskInstallation } from './types.ts';

export type InstallationState =
  | { state: 'ok'; id: number }
  | { state: 'not_configured' }
  | { state: 'invalid_id'; value: string }
  | { state: 'missing'; id: number }
  | { state: 'disabled'; id: number };

/** How often a run that found no usable installation is tried again. */
export const INSTALLATION_RETRY_MS = 60_000;

const MESSAGES: Record<Exclude<InstallationState['state'], 'ok'>, string> = {
  not_configured: 'TIERWISE_INSTALLATION_ID is not set on the worker (npm run zendesk:setup prints it)',
  invalid_id: 'TIERWISE_INSTALLATION_ID is not an installation id (a positive integer)',
  missing: 'the app installation TIERWISE_INSTALLATION_ID names does not exist in this Zendesk account',
  disabled: 'the app installation TIERWISE_INSTALLATION_ID names is disabled',
};

export function describeInstallation(state: InstallationState): string | null {
  return state.state === 'ok' ? null : MESSAGES[state.state];
}

export class SettingsUnavailable extends RetryLater {
  constructor(readonly installation: Exclude<InstallationState, { state: 'ok' }>) {
    super(INSTALLATION_RETRY_MS, `app settings unavailable: ${MESSAGES[installation.state]}`);
  }
}

/** The configured id, or why there is none (checked before any Zendesk call). */
export function configuredInstallation(env: Pick<Env, 'TIERWISE_INSTALLATION_ID'>): { id: number } | Extract<InstallationState, { state: 'not_configured' | 'invalid_id' }> {
  const value = env.TIERWISE_INSTALLATION_ID?.trim() ?? '';
  if (value === '') return { state: 'not_configured' };
  if (!/^\d{1,16}$/.test(value) || !Number.isSafeInteger(Number(value)) || Number(value) <= 0) return { state: 'invalid_id', value: value.slice(0, 40) };
  return { id: Number(value) };
}

/** The configured installation among the account's, and its state. */
export function findInstallation(id: number, installations: readonly ZendeskInstallation[]): { state: InstallationState; installation: ZendeskInstallation | null } {
  const installation = installations.find((i) => i.id === id) ?? null;
  if (!installation) return { state: { state: 'missing', id }, installation: null };
  if (installation.enabled === false) return { state: { state: 'disabled', id }, installation };
  return { state: { state: 'ok', id }, installation };
}
