/**
 * Short-lived, per-isolate caches for what changes rarely: the app settings, the groups, and
 * each requester's user + organization data. Each ticket event then costs no read at all when
 * its requester was seen recently. Entries expire; customer-data events bypass them.
 *
 * Loads are shared: when a burst of tickets misses the cache at once, one request goes to
 * Zendesk and every caller waits for it. A failed load is not cached.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: Promise<V>; expires: number }>();
  constructor(private readonly ttlMs: number, private readonly maxEntries = 5_000) {}

  get(key: string, load: () => Promise<V>, now = Date.now()): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && hit.expires > now) return hit.value;
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    const value = load();
    const entry = { value, expires: now + this.ttlMs };
    this.entries.set(key, entry);
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return value;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
