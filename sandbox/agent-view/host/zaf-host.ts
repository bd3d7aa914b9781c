/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The host (Zendesk) side of the ZAF SDK's postMessage protocol, as zendesk_app_framework_sdk
 * 2.0 speaks it (lib/client.js):
 *
 * app -> host (JSON strings):
 *   {key:'iframe.handshake', message:{version}, appGuid, instanceGuid}
 *   {key:'iframe.on:<event>' | 'iframe.off:<event>', message:{subscriberCount}}
 *   {key:'request:<n>', message:<client.request options>}
 *   {key:'iframe.reply:<event>', error?:{msg}}             (answer to a needsReply hook)
 *   {key:'iframe.trigger:<event>', message}                (custom event for other instances)
 *   {id, request:'get'|'set'|'invoke', params, appGuid, instanceGuid}
 * host -> app (JSON strings):
 *   {key:'zaf.app.registered', message:{metadata, context}}
 *   {key:'zaf.<event>', message:<data>}                    (only events the app subscribed to)
 *   {key:'zaf.request:<n>.done'|'.fail', message:{responseArgs:[...]}}
 *   {key:'zaf.<hook>', message, needsReply:true}           (ticket.save)
 *   {id, result} | {id, error:{name, message}}             (answers to get/set/invoke)
 */

import type { AppRequestOptions } from '../proxy.ts';

/** What an app passes to `client.request` (the server's proxy takes the same shape). */
export type AppRequest = AppRequestOptions;

export interface RequestOutcome {
  ok: boolean;
  responseArgs: unknown[];
}

export interface HostHandlers {
  /** Answer a `get` (already in ZAF's `{path: value, errors}` shape). */
  get(paths: readonly unknown[]): Record<string, unknown>;
  set(values: Record<string, unknown>): Promise<Record<string, unknown>>;
  invoke(calls: Record<string, unknown[]>): Promise<Record<string, unknown>>;
  request(options: AppRequest): Promise<RequestOutcome>;
  registration(): { metadata: unknown; context: unknown };
  log?(direction: 'in' | 'out', message: unknown): void;
}

interface Incoming {
  key?: string;
  message?: unknown;
  id?: number;
  request?: string;
  params?: unknown;
  appGuid?: string;
  instanceGuid?: string;
  error?: { msg?: unknown };
}

export class ZafHost {
  private readonly subscribers = new Map<string, number>();
  private readonly replies = new Map<string, (error: string | null) => void>();
  private registered = false;
  readonly messages: Array<{ direction: 'in' | 'out'; message: unknown }> = [];

  constructor(
    private readonly iframe: HTMLIFrameElement,
    private readonly appGuid: string,
    private readonly handlers: HostHandlers,
  ) {}

  get isRegistered(): boolean {
    return this.registered;
  }

  private get appOrigin(): string {
    return new URL(this.iframe.src, window.location.href).origin;
  }

  /** Listen on `window`; `early` replays messages that arrived before this module loaded. */
  attach(early: readonly MessageEvent[] = []): void {
    window.addEventListener('message', (event) => this.receive(event));
    for (const event of early) this.receive(event);
  }

  private post(message: Record<string, unknown>): void {
    const target = this.iframe.contentWindow;
    if (!target) return;
    this.record('out', message);
    target.postMessage(JSON.stringify(message), this.appOrigin);
  }

  private record(direction: 'in' | 'out', message: unknown): void {
    this.messages.push({ direction, message });
    if (this.messages.length > 500) this.messages.shift();
    this.handlers.log?.(direction, message);
  }

  subscriberCount(event: string): number {
    return this.subscribers.get(event) ?? 0;
  }

  /** Fire a framework event to the app, if it listens (Zendesk binds an event on the first `on`). */
  fire(event: string, data: unknown): boolean {
    if (!this.registered || this.subscriberCount(event) === 0) return false;
    this.post({ key: `zaf.${event}`, message: data, appGuid: this.appGuid });
    return true;
  }

  /**
   * A hook such as `ticket.save`: ask the app and wait for its `iframe.reply:<event>`.
   * Resolves to the app's error message (the save is cancelled) or null (go ahead).
   */
  ask(event: string, data: unknown, timeoutMs = 10_000): Promise<string | null> {
    if (!this.registered || this.subscriberCount(event) === 0) return Promise.resolve(null);
    return new Promise((resolveReply) => {
      const timer = setTimeout(() => {
        this.replies.delete(event);
        resolveReply(`The app did not answer "${event}" in time`);
      }, timeoutMs);
      this.replies.set(event, (error) => {
        clearTimeout(timer);
        resolveReply(error);
      });
      this.post({ key: `zaf.${event}`, message: data, needsReply: true, appGuid: this.appGuid });
    });
  }

  private receive(event: MessageEvent): void {
    if (event.source !== this.iframe.contentWindow || event.origin !== this.appOrigin) return;
    let data: Incoming;
    try {
      data = (typeof event.data === 'string' ? JSON.parse(event.data) : event.data) as Incoming;
    } catch {
      return;
    }
    if (!data || typeof data !== 'object') return;
    if (data.appGuid !== undefined && data.appGuid !== this.appGuid) return;
    this.record('in', data);
    void this.dispatch(data);
  }

  private async dispatch(data: Incoming): Promise<void> {
    const key = data.key ?? '';
    if (key === 'iframe.handshake') {
      // A (re)loaded app: forget the old subscriptions and register it.
      this.subscribers.clear();
      this.registered = true;
      const { metadata, context } = this.handlers.registration();
      this.post({ key: 'zaf.app.registered', message: { metadata, context }, appGuid: this.appGuid });
      return;
    }
    if (key.startsWith('iframe.on:') || key.startsWith('iframe.off:')) {
      const name = key.slice(key.indexOf(':') + 1);
      const count = Number((data.message as { subscriberCount?: unknown } | undefined)?.subscriberCount ?? 0);
      this.subscribers.set(name, Number.isFinite(count) ? count : 0);
      return;
    }
    if (key.startsWith('iframe.reply:')) {
      const name = key.slice('iframe.reply:'.length);
      const resolveReply = this.replies.get(name);
      this.replies.delete(name);
      resolveReply?.(data.error ? String(data.error.msg ?? 'rejected') : null);
      return;
    }
    if (/^request:\d+$/.test(key)) {
      const options = (data.message ?? {}) as AppRequest;
      let outcome: RequestOutcome;
      try {
        outcome = await this.handlers.request(options);
      } catch (error) {
        outcome = { ok: false, responseArgs: [{ status: 0, statusText: 'error', responseText: String(error), readyState: 4 }, 'error', String(error)] };
      }
      this.post({ key: `zaf.${key}.${outcome.ok ? 'done' : 'fail'}`, message: { responseArgs: outcome.responseArgs }, appGuid: this.appGuid });
      return;
    }
    if (typeof data.id === 'number' && typeof data.request === 'string') {
      await this.answer(data.id, data.request, data.params);
    }
  }

  private async answer(id: number, request: string, params: unknown): Promise<void> {
    try {
      let result: Record<string, unknown>;
      if (request === 'get') {
        result = this.handlers.get(Array.isArray(params) ? params : [params]);
      } else if (request === 'set') {
        result = await this.handlers.set((params ?? {}) as Record<string, unknown>);
      } else if (request === 'invoke') {
        result = await this.handlers.invoke((params ?? {}) as Record<string, unknown[]>);
      } else {
        this.post({ id, error: { name: 'APIUnavailable', message: `Unknown request "${request}"` } });
        return;
      }
      this.post({ id, result });
    } catch (error) {
      this.post({ id, error: { name: 'Error', message: error instanceof Error ? error.message : String(error) } });
    }
  }
}
