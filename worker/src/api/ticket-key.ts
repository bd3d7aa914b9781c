/**
 * A ticket's read key: proof, handed out by Zendesk, that an agent may see the ticket.
 *
 * Every ticket update the worker makes carries the key in its `metadata` (Zendesk keeps it in
 * that update's audit, `metadata.custom.tierwise_key`). Zendesk answers a ticket's audits only
 * to users who may see the ticket, so the sidebar, reading them through ZAF as the agent, finds
 * the key only then; the audit API takes a request only with the right key. The key is an HMAC
 * of the account and ticket id under TIERWISE_API_TOKEN: it cannot be made without that secret
 * (README "Who may read a ticket's audit trail").
 */
/** What the key needs: the secret and the account (no worker types: node scripts and tests make keys too). */
interface KeyEnv {
  TIERWISE_API_TOKEN?: string | undefined;
  ZENDESK_BASE_URL: string;
}
import { accountKey } from '../zendesk/account-key.ts';

export const TICKET_KEY_METADATA = 'tierwise_key';
export const TICKET_KEY_HEADER = 'X-Tierwise-Ticket-Key';

const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    keys.clear(); // one live secret; a rotated one replaces it
    keys.set(secret, key);
  }
  return key;
}

function base64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function message(env: KeyEnv, ticketId: number): Uint8Array<ArrayBuffer> {
  return new Uint8Array(encoder.encode(`tierwise-ticket-key:${accountKey(env)}:${ticketId}`));
}

/** The ticket's key, or null when the worker has no API token (then no audit can be read either). */
export async function ticketKey(env: KeyEnv, ticketId: number): Promise<string | null> {
  if (!env.TIERWISE_API_TOKEN) return null;
  const mac = await crypto.subtle.sign('HMAC', await hmacKey(env.TIERWISE_API_TOKEN), message(env, ticketId));
  return base64Url(new Uint8Array(mac));
}

/** Whether `given` is the ticket's key (compared in constant time by subtle.verify). */
export async function isTicketKey(env: KeyEnv, ticketId: number, given: string): Promise<boolean> {
  if (!env.TIERWISE_API_TOKEN || !/^[A-Za-z0-9_-]{43}$/.test(given)) return false;
  const bytes = Uint8Array.from(atob(given.replace(/-/g, '+').replace(/_/g, '/') + '='), (ch) => ch.charCodeAt(0));
  return crypto.subtle.verify('HMAC', await hmacKey(env.TIERWISE_API_TOKEN), bytes, message(env, ticketId));
}
