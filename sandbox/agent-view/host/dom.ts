/// <reference lib="dom" />
/** Small page helpers for the host script: elements, notices, cookies, JSON fetches. */

export function byId<T extends HTMLElement>(id: string): T | null {
  return document.getElementById(id) as T | null;
}

/** A notice in the page's notice box that goes away after 6 s (Zendesk's notifications). */
export function notice(text: string, kind: 'info' | 'error' = 'info'): void {
  const box = document.getElementById('host-notices');
  if (!box) return;
  const item = document.createElement('div');
  item.className = `notice ${kind}`;
  item.dataset['testid'] = 'host-notice';
  item.textContent = text;
  box.appendChild(item);
  setTimeout(() => item.remove(), 6000);
}

export function setCookie(name: string, value: string): void {
  document.cookie = `${name}=${encodeURIComponent(value)}; path=/; max-age=31536000; samesite=lax`;
}

/** GET/POST JSON from the agent view server; a non-2xx answer throws its `error` message. */
export async function fetchJson<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, init);
  const body = (await response.json()) as T & { error?: string };
  if (!response.ok) throw new Error(body.error ?? `${response.status} ${response.statusText}`);
  return body;
}
