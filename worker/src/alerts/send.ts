/**
 * One POST of one message to one destination: the platform's body, its signature, a timeout,
 * and the answer read the platform's way (shared/alerts/platforms). Never throws; never logs the
 * URL or the secret (they are the credentials).
 */
import type { Destination } from '../../../shared/alerts/destinations.ts';
import type { AlertMessage } from '../../../shared/alerts/message.ts';
import { ADAPTERS, type SendOutcome } from '../../../shared/alerts/platforms/index.ts';
import { byteLength } from '../../../shared/alerts/platforms/types.ts';
import { dingtalkSignedUrl, feishuSignature } from './sign.ts';

export const SEND_TIMEOUT_MS = 10_000;
const MAX_ANSWER_CHARS = 4_000;

/** The request a destination gets for a message: URL (signed for DingTalk) and JSON body (signed for Feishu). */
export async function alertRequest(destination: Destination, message: AlertMessage, nowMs: number): Promise<{ url: string; body: string }> {
  const adapter = ADAPTERS[destination.platform];
  let payload = adapter.body(message, destination);
  let url = destination.url;
  if (destination.secret !== null && destination.platform === 'dingtalk') url = await dingtalkSignedUrl(url, destination.secret, nowMs);
  if (destination.secret !== null && destination.platform === 'feishu') payload = { ...(await feishuSignature(destination.secret, nowMs)), ...payload };
  return { url, body: JSON.stringify(payload) };
}

export async function sendAlert(destination: Destination, message: AlertMessage, nowMs: number): Promise<SendOutcome> {
  const adapter = ADAPTERS[destination.platform];
  const { url, body } = await alertRequest(destination, message, nowMs);
  if (byteLength(body) > adapter.maxBodyBytes) return { result: 'refused', reason: `message is ${byteLength(body)} bytes, over ${destination.platform}'s ${adapter.maxBodyBytes}` };
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json; charset=utf-8' }, body, signal: AbortSignal.timeout(SEND_TIMEOUT_MS) });
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    return { result: 'retry', reason: timedOut ? `no answer within ${SEND_TIMEOUT_MS / 1000} s` : 'network error', retryAfterMs: null };
  }
  const text = (await response.text().catch(() => '')).slice(0, MAX_ANSWER_CHARS);
  return adapter.classify({ status: response.status, retryAfter: response.headers.get('Retry-After'), text });
}
