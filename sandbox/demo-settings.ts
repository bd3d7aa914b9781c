/**
 * App settings for the sandbox. At the "demo" pace every duration is scaled from hours to
 * seconds, so the whole escalation ladder plays out within two minutes: first-response targets
 * of 20-60 seconds (half for core), L1 after 60 seconds, L2 after 110 seconds. "real" uses the
 * defaults of docs/rules.md. Fractional hours are ordinary settings values, nothing special.
 */
export type SandboxPace = 'demo' | 'real';

export const DEMO_SETTINGS = {
  sla_presale_hours: 20 / 3600,
  sla_insale_hours: 40 / 3600,
  sla_aftersale_hours: 60 / 3600,
  escalation_l1_hours: 60 / 3600,
  escalation_l2_hours: 110 / 3600,
} as const;

export function paceFromEnv(value: string | undefined): SandboxPace {
  if (value === undefined || value === '' || value === 'demo') return 'demo';
  if (value === 'real') return 'real';
  throw new Error(`SANDBOX_PACE must be "demo" or "real" (got "${value}")`);
}

/**
 * What each escalation level does in the demo, spelled out so the demo shows both modes whatever
 * the defaults: L1 moves the ticket to Supervisors (an assignee outside it is unassigned), L2
 * brings the department heads in as followers.
 */
export const DEMO_ESCALATION_MODES = { escalation_l1_mode: 'move', escalation_l2_mode: 'bring_in' } as const;

export function sandboxSettings(pace: SandboxPace, workerUrl: string): Record<string, string | number | boolean> {
  return { ...(pace === 'demo' ? DEMO_SETTINGS : {}), ...DEMO_ESCALATION_MODES, worker_url: workerUrl };
}
