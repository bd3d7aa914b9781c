/**
 * The account's Zendesk reads kept in D1 (worker/migrations/0013_zendesk_cache.sql), shared by
 * every isolate and machine: a ticket object that starts cold finds the settings, groups and
 * its requester's data there instead of asking Zendesk. Each entry expires; a customer's entry
 * is dropped when Zendesk tells us the customer changed (forgetCustomer).
 */
import type { CustomerKind } from '../customer/customer-change.ts';

export interface SharedEntry {
  value: string;
  /** The customer's organization, for a `user:<id>` entry (its change drops the entry). */
  organizationId?: number | null;
}

/** How long the run that refreshes an expired entry has before another run may try. */
const REFRESH_LEASE_MS = 10_000;

/**
 * The entry's JSON, or null when this caller should ask Zendesk: there is no entry, or it expired
 * and this caller took the refresh (the entry's expiry moved a lease ahead, atomically). Every
 * other caller meanwhile keeps the expired value: one Zendesk read per expiry, not one per run
 * that happened to start then.
 */
export async function readShared(db: D1Database, account: string, key: string, now: number): Promise<string | null> {
  const row = await db.prepare('SELECT value, expires_at FROM zendesk_cache WHERE account = ? AND key = ?').bind(account, key).first<{ value: string; expires_at: number }>();
  if (!row) return null;
  if (row.expires_at > now) return row.value;
  const lease = await db.prepare('UPDATE zendesk_cache SET expires_at = ? WHERE account = ? AND key = ? AND expires_at = ?').bind(now + REFRESH_LEASE_MS, account, key, row.expires_at).run();
  return lease.meta.changes === 1 ? null : row.value;
}

export async function writeShared(db: D1Database, account: string, key: string, entry: SharedEntry, expiresAt: number): Promise<void> {
  await db
    .prepare('INSERT INTO zendesk_cache (account, key, value, expires_at, organization_id) VALUES (?, ?, ?, ?, ?) ON CONFLICT (account, key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at, organization_id = excluded.organization_id')
    .bind(account, key, entry.value, expiresAt, entry.organizationId ?? null)
    .run();
}

/** A user's entry, or every entry of an organization's users: their data changed in Zendesk. */
export async function forgetCustomer(db: D1Database, account: string, kind: CustomerKind, id: number): Promise<void> {
  if (kind === 'user') await db.prepare('DELETE FROM zendesk_cache WHERE account = ? AND key = ?').bind(account, `user:${id}`).run();
  else await db.prepare('DELETE FROM zendesk_cache WHERE account = ? AND organization_id = ?').bind(account, id).run();
}

/** Every entry of the account (tests start from a cold cache with it). */
export async function forgetAll(db: D1Database, account: string): Promise<void> {
  await db.prepare('DELETE FROM zendesk_cache WHERE account = ?').bind(account).run();
}
