// Zendesk timestamps are second-resolution ISO 8601 strings in UTC, e.g. "2026-11-28T13:40:00Z".

export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export function parseTime(value: string): number | null {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * The next updated_at for a record: now, to the second (never earlier than `previous`). Like
 * Zendesk, two changes within one second share the stamp, so safe_update cannot tell them apart.
 */
export function nextStamp(nowMs: number, previous: string | null): string {
  const now = Math.floor(nowMs / 1000) * 1000;
  const prev = previous === null ? null : parseTime(previous);
  return isoSeconds(prev !== null && prev > now ? prev : now);
}
