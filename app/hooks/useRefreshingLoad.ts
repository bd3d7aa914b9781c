/**
 * Load data now and again whenever one of `events` fires. Refreshes never overlap: an event
 * that arrives during a load marks the data stale and causes exactly one more load, so a burst
 * of events (a save fires status, tags and priority together) costs one or two loads, not five.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ZafClient } from '../zaf/types.ts';

export type LoadState<T> =
  | { status: 'loading' }
  | { status: 'ready'; data: T; loadedAt: number }
  | { status: 'error'; message: string };

export function useRefreshingLoad<T>(client: ZafClient, load: () => Promise<T>, events: readonly string[]): { state: LoadState<T>; refresh: () => void } {
  const [state, setState] = useState<LoadState<T>>({ status: 'loading' });
  const loadRef = useRef(load);
  loadRef.current = load;
  const running = useRef(false);
  const stale = useRef(false);
  const alive = useRef(true);

  const refresh = useCallback(() => {
    if (running.current) {
      stale.current = true;
      return;
    }
    running.current = true;
    void (async () => {
      try {
        do {
          stale.current = false;
          const data = await loadRef.current();
          if (!alive.current) return;
          if (!stale.current) setState({ status: 'ready', data, loadedAt: Date.now() });
        } while (stale.current && alive.current);
      } catch (error) {
        if (alive.current) setState({ status: 'error', message: errorMessage(error) });
      } finally {
        running.current = false;
      }
    })();
  }, []);

  const eventKey = events.join('|');
  useEffect(() => {
    alive.current = true;
    const handler = () => refresh();
    const names = eventKey.split('|').filter(Boolean);
    for (const name of names) client.on(name, handler);
    refresh();
    return () => {
      alive.current = false;
      for (const name of names) client.off(name, handler);
    };
  }, [client, eventKey, refresh]);

  return { state, refresh };
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (error && typeof error === 'object') {
    const e = error as Record<string, unknown>;
    if (typeof e.statusText === 'string' && e.statusText) return `${String(e.status ?? '')} ${e.statusText}`.trim();
    if (typeof e.message === 'string') return e.message;
    if (typeof e.responseText === 'string' && e.responseText) return e.responseText.slice(0, 200);
  }
  return String(error);
}
