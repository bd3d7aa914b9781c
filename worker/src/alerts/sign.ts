/**
 * The two platforms that sign incoming-webhook requests, with Web Crypto (the Workers runtime's,
 * and Node's for the test CLI):
 * - DingTalk: `sign = base64(HMAC-SHA256(key = secret, message = timestamp_ms + "\n" + secret))`,
 *   `timestamp` and the URL-encoded `sign` appended to the URL; accepted within an hour.
 * - Feishu / Lark: `sign = base64(HMAC-SHA256(key = timestamp_s + "\n" + secret, message = ""))`,
 *   `timestamp` (a string of seconds) and `sign` in the JSON body; accepted within an hour.
 */
const encoder = new TextEncoder();

async function hmacBase64(key: string, message: string): Promise<string> {
  const cryptoKey = await crypto.subtle.importKey('raw', encoder.encode(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', cryptoKey, encoder.encode(message)));
  let binary = '';
  for (const byte of mac) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export async function dingtalkSignedUrl(url: string, secret: string, nowMs: number): Promise<string> {
  const timestamp = String(Math.floor(nowMs));
  const signed = new URL(url);
  signed.searchParams.set('timestamp', timestamp);
  signed.searchParams.set('sign', await hmacBase64(secret, `${timestamp}\n${secret}`));
  return signed.toString();
}

export async function feishuSignature(secret: string, nowMs: number): Promise<{ timestamp: string; sign: string }> {
  const timestamp = String(Math.floor(nowMs / 1000));
  return { timestamp, sign: await hmacBase64(`${timestamp}\n${secret}`, '') };
}
