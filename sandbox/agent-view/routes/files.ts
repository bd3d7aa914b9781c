// Static files: `/host/:file` (the host page's TypeScript as ES modules) and `/app/*` (the built app folder).
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { Hono } from 'hono';
import ts from 'typescript';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** The host page's TypeScript, transpiled once per file (no bundler: each file is an ES module). */
function hostModuleServer(hostDir: string) {
  const cache = new Map<string, string>();
  return async (name: string): Promise<string | null> => {
    if (!/^[a-z][a-z0-9-]*\.ts$/.test(name)) return null;
    const cached = cache.get(name);
    if (cached !== undefined) return cached;
    let source: string;
    try {
      source = await readFile(join(hostDir, name), 'utf8');
    } catch {
      return null;
    }
    const output = ts.transpileModule(source, {
      fileName: name,
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, verbatimModuleSyntax: true, sourceMap: false },
    }).outputText;
    cache.set(name, output);
    return output;
  };
}

export function hostScriptRoutes(hostDir: string): Hono {
  const app = new Hono();
  const hostModule = hostModuleServer(hostDir);
  app.get('/:file', async (c) => {
    const source = await hostModule(c.req.param('file'));
    if (source === null) return c.text('not found', 404);
    return c.body(source, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
  });
  return app;
}

/** The built app folder; nothing outside it is served. */
export function appAssetRoutes(assetsDir: string): Hono {
  const app = new Hono();
  app.get('/*', async (c) => {
    const relative = decodeURIComponent(new URL(c.req.url).pathname.slice('/app/'.length));
    const file = resolve(assetsDir, relative || 'iframe.html');
    if (file !== assetsDir && !file.startsWith(assetsDir + sep)) return c.text('not found', 404);
    try {
      const info = await stat(file);
      if (!info.isFile()) return c.text('not found', 404);
      const content = await readFile(file);
      return c.body(content, 200, {
        'content-type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
        'cache-control': 'no-store',
      });
    } catch {
      const hint = relative === 'iframe.html' || relative === '' ? ' (build the app first: npx vite build)' : '';
      return c.text(`not found: ${relative}${hint}`, 404);
    }
  });
  return app;
}
