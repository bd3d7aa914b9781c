/**
 * The part of the ZAF v2 client (zendesk_app_framework_sdk) Tierwise uses. The SDK ships no
 * types; this is the contract the sidebar depends on, and what tests stub.
 */

/** `client.get` answers with the values by path, plus `errors` by path for paths that failed. */
export type ZafGetResult = Record<string, unknown> & { errors?: Record<string, unknown> };

export interface ZafRequestOptions {
  url: string;
  type?: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  headers?: Record<string, string>;
  /** Let Zendesk's proxy substitute `{{setting.x}}` placeholders with secure settings. */
  secure?: boolean;
  cors?: boolean;
  dataType?: 'json' | 'text';
  contentType?: string;
  data?: string;
}

export type ZafHandler = (...args: any[]) => unknown;

export interface ZafClient {
  get(paths: string | string[]): Promise<ZafGetResult>;
  request<T = unknown>(options: string | ZafRequestOptions): Promise<T>;
  invoke(name: string, ...args: unknown[]): Promise<unknown>;
  on(event: string, handler: ZafHandler, context?: unknown): void;
  off(event: string, handler: ZafHandler): void;
  context(): Promise<ZafContext>;
  metadata(): Promise<ZafMetadata>;
}

export interface ZafContext {
  location?: string;
  instanceGuid?: string;
  product?: string;
  ticketId?: number;
  [key: string]: unknown;
}

export interface ZafMetadata {
  appId?: number;
  installationId?: number;
  name?: string;
  version?: string;
  /** Installation settings (secure ones are absent: Zendesk never sends them to the browser). */
  settings?: Record<string, unknown>;
  [key: string]: unknown;
}
