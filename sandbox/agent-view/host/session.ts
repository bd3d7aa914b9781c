/// <reference lib="dom" />
/** One page's session with the app: its configuration, the data it answers from, and the ZAF host. */
import { fetchJson, notice } from './dom.ts';
import type { ZafHost } from './zaf-host.ts';

export type Location = 'ticket_sidebar' | 'user_sidebar' | 'organization_sidebar';

/** Written into the page by the server (the `host-config` script element). */
export interface HostConfig {
  location: Location;
  recordId: number;
  appGuid: string;
  pollMs: number;
}

/** What `/host-api/state` answers: the ZAF data tree, and the app's registration metadata and context. */
export interface HostState {
  root: Record<string, unknown>;
  metadata: unknown;
  context: unknown;
}

export class HostSession {
  /** True while the agent's own update is in flight: polling waits for it. */
  busy = false;
  /** Set once, right after the session is made (the host's handlers need the session). */
  host!: ZafHost;

  constructor(
    readonly config: HostConfig,
    readonly iframe: HTMLIFrameElement,
    public state: HostState,
  ) {}

  get stateUrl(): string {
    return stateUrlOf(this.config);
  }

  get isTicket(): boolean {
    return this.config.location === 'ticket_sidebar';
  }
}

function stateUrlOf(config: HostConfig): string {
  return `/host-api/state?location=${config.location}&id=${config.recordId}`;
}

/** The page's data, retried every 2 s until the server answers. */
export async function loadInitialState(config: HostConfig): Promise<HostState> {
  for (;;) {
    try {
      return await fetchJson<HostState>(stateUrlOf(config));
    } catch (error) {
      notice(`Could not load the ${config.location.replace('_', ' ')} data: ${String(error)}`, 'error');
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
}
