/**
 * Zendesk webhook signatures: base64(HMAC-SHA256(secret, timestamp + raw body)), sent in
 * X-Zendesk-Webhook-Signature with the timestamp in X-Zendesk-Webhook-Signature-Timestamp.
 */
export type SignatureProblem = 'missing_signature' | 'malformed_signature' | 'bad_signature' | 'missing_timestamp' | 'malformed_timestamp' | 'stale_timestamp';

export interface SignatureCheck {
  signature: string | null;
  timestamp: string | null;
  body: Uint8Array;
  secret: string;
  now: number;
  maxAgeMs: number;
}

const encoder = new TextEncoder();

function decodeBase64(value: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value) || value.length % 4 !== 0) return null;
  try {
    return Uint8Array.from(atob(value), (ch) => ch.charCodeAt(0));
  } catch {
    return null;
  }
}

/** Zendesk sends ISO 8601 ("2026-11-28T13:40:00Z"); nothing else is accepted. */
export function parseTimestamp(value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/.exec(value);
  if (!m) return null;
  // Date.parse rolls impossible dates over ("02-30" becomes March 2nd): a calendar date or nothing.
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59) return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

export async function checkSignature(check: SignatureCheck): Promise<SignatureProblem | null> {
  if (!check.timestamp) return 'missing_timestamp';
  if (!check.signature) return 'missing_signature';
  const at = parseTimestamp(check.timestamp.trim());
  if (at === null) return 'malformed_timestamp';
  const signature = decodeBase64(check.signature.trim());
  if (!signature || signature.length !== 32) return 'malformed_signature';
  const key = await verifyKey(check.secret);
  const signed = new Uint8Array(encoder.encode(check.timestamp.trim()).length + check.body.length);
  signed.set(encoder.encode(check.timestamp.trim()), 0);
  signed.set(check.body, signed.length - check.body.length);
  // subtle.verify compares in constant time.
  const valid = await crypto.subtle.verify('HMAC', key, signature, signed);
  if (!valid) return 'bad_signature';
  // Checked after the signature so a forged request learns nothing about the clock window.
  if (Math.abs(check.now - at) > check.maxAgeMs) return 'stale_timestamp';
  return null;
}

/** The imported key, once per secret per isolate (importing costs more than the HMAC itself). */
const verifyKeys = new Map<string, Promise<CryptoKey>>();
function verifyKey(secret: string): Promise<CryptoKey> {
  let key = verifyKeys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
    verifyKeys.clear(); // one live secret; a rotated one replaces it
    verifyKeys.set(secret, key);
  }
  return key;
}

/** For tests and the sandbox: sign like Zendesk does. */
export async function signWebhook(secret: string, timestamp: string, body: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(timestamp + body)));
  return btoa(String.fromCharCode(...mac));
}
