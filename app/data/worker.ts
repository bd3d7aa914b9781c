/**
 * Requests to the Tierwise worker's bearer-protected API. The secure request: Zendesk's proxy
 * replaces `{{setting.worker_token}}` server-side, so the token never reaches the browser
 * (`secure: true` needs `cors: false`, i.e. the proxy).
 */
import type { ZafRequestOptions } from '../zaf/types.ts';

export function workerRequest(workerUrl: string, path: string): ZafRequestOptions {
  return {
    url: `${workerUrl.replace(/\/+$/, '')}${path}`,
    type: 'GET',
    headers: { Authorization: 'Bearer {{setting.worker_token}}' },
    secure: true,
    cors: false,
    dataType: 'json',
  };
}

/** ZAF may hand a JSON answer over as a string. */
export function jsonBody(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body);
  } catch {
    throw new Error('the worker did not answer JSON');
  }
}
