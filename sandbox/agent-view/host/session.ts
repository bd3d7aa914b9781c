/// <reference lib="dom" />
/** One page's session with the app: its configuration, the data it answers from, and the ZAF host. */
import { fetchJson, notice } from './dom.ts';
import type { ZafHost } from './zaf-host.ts';

export type Location = 'ticket_sidebar' | 'user_sidebar' | 'organization_sidebar' | 'nav_bar' | 'top_bar';

/** Written into the page by the server (the `host-config` script element). */
export interface HostConfig {
  location: Location;
  /** The record's id; 0 for the nav bar and top bar. */
  recordId: number;
  appGuid: string;
  pollMs: number;
  /** The iframe this host talks to (default `app-iframe`). */
  iframeId?: string;
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

  /** A sidebar shows a record that can change behind the page; the nav bar and top bar do not. */
  get showsRecord(): boolean {
    return this.config.location !== 'nav_bar' && this.config.location !== 'top_bar';
  }
}

function stateUrlOf(config: HostConfig): string {
  const record = config.location === 'nav_bar' || config.location === 'top_bar' ? '' : `&id=${config.recordId}`;
  return `/host-api/state?location=${config.location}${record}`;
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
