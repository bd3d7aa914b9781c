/**
 * The manifest that goes into the app package for one installation: the repository's manifest
 * with `domainWhitelist` set to the host of the configured worker, the only place the secure
 * `worker_token` may be sent (Zendesk's proxy refuses to put a secure setting into a request to
 * any other host). The host is written literally: Zendesk's manifest reference shows literal
 * domains there and does not document `{{setting.x}}` placeholders in `domainWhitelist`, and a
 * placeholder would let an app setting redirect where the secret goes, which the whitelist exists
 * to prevent.
 */
export interface AppManifest {
  domainWhitelist?: string[];
  [key: string]: unknown;
}

/** The worker's host as `domainWhitelist` takes it: a bare hostname (no scheme, port or path). */
export function workerHost(workerUrl: string): string {
  let url: URL;
  try {
    url = new URL(workerUrl);
  } catch {
    throw new Error(`TIERWISE_WORKER_URL is not a URL: ${JSON.stringify(workerUrl)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`TIERWISE_WORKER_URL must be http(s): ${workerUrl}`);
  return url.hostname.toLowerCase();
}

export function packagedManifest<T extends AppManifest>(manifest: T, workerUrl: string): T {
  return { ...structuredClone(manifest), domainWhitelist: [workerHost(workerUrl)] };
}
