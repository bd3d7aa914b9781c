/**
 * Connect to Zendesk. `ZAFClient.init()` returns false when the page is not inside Zendesk
 * (no `origin` / `app_guid` in the URL): the caller then shows "open this inside Zendesk"
 * instead of failing.
 */
import ZAFClient from 'zendesk_app_framework_sdk';
import type { ZafClient } from './types.ts';

export function initClient(): ZafClient | null {
  try {
    const client = ZAFClient.init();
    return client ? (client as ZafClient) : null;
  } catch {
    return null;
  }
}
