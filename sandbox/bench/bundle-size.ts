/**
 * What an app location downloads, measured from the built app (assets/): the HTML page's module
 * script and every chunk it imports statically is the initial load (what each sidebar fetches);
 * each chunk imported on demand (`import()`), with what it imports in turn, is a lazy load
 * (the service dashboard, today's summary). Sizes are raw and gzip (zlib, default level) bytes.
 */
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface LoadSize {
  files: string[];
  rawBytes: number;
  gzipBytes: number;
}

export interface BundleSizes {
  page: string;
  initial: LoadSize;
  /** By chunk name (`ServiceDashboard`), what loading it adds to the initial load. */
  lazy: Record<string, LoadSize>;
}

const STATIC_IMPORT = /(?:\bfrom\s*|\bimport\s*)["'`](\.\/[^"'`]+\.js)["'`]/g;
const DYNAMIC_IMPORT = /\bimport\(\s*["'`](\.\/[^"'`]+\.js)["'`]\s*\)/g;

function imports(code: string, pattern: RegExp): string[] {
  return [...code.matchAll(pattern)].map((m) => m[1]!);
}

/** `ServiceDashboard-Coseqze_.js` -> `ServiceDashboard` */
export function chunkName(file: string): string {
  return posix.basename(file).replace(/-[\w-]{8}\.js$/, '').replace(/\.js$/, '');
}

export function measureBundle(assetsDir: string, page = 'iframe.html'): BundleSizes {
  const html = readFileSync(join(assetsDir, page), 'utf8');
  const entry = /<script[^>]*type="module"[^>]*src="\.?\/?([^"]+\.js)"/.exec(html)?.[1];
  if (!entry) throw new Error(`${page} has no module script: build the app first (npx vite build)`);
  const code = new Map<string, string>();
  const read = (file: string) => {
    let text = code.get(file);
    if (text === undefined) {
      text = readFileSync(join(assetsDir, file), 'utf8');
      code.set(file, text);
    }
    return text;
  };
  /** `file` and everything it imports statically, as paths relative to assetsDir. */
  const closure = (file: string, seen = new Set<string>()): Set<string> => {
    if (seen.has(file)) return seen;
    seen.add(file);
    for (const spec of imports(read(file), STATIC_IMPORT)) closure(posix.join(posix.dirname(file), spec), seen);
    return seen;
  };
  const size = (files: Iterable<string>): LoadSize => {
    const list = [...files].sort();
    return {
      files: list,
      rawBytes: list.reduce((sum, f) => sum + Buffer.byteLength(read(f)), 0),
      gzipBytes: list.reduce((sum, f) => sum + gzipSync(read(f)).length, 0),
    };
  };
  const initialFiles = closure(entry);
  const lazy: Record<string, LoadSize> = {};
  const lazyRoots = new Set([...initialFiles].flatMap((f) => imports(read(f), DYNAMIC_IMPORT).map((spec) => posix.join(posix.dirname(f), spec))));
  for (const root of lazyRoots) lazy[chunkName(root)] = size([...closure(root)].filter((f) => !initialFiles.has(f)));
  return { page, initial: size(initialFiles), lazy };
}

export const kB = (bytes: number): number => Math.round(bytes / 100) / 10;
