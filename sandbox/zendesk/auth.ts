// API authentication: "email/token:API_TOKEN" Basic auth, or the API token used as an OAuth Bearer token.
import type { MiddlewareHandler } from 'hono';
import type { AppEnv, Deps } from './context.ts';
import type { User } from './types.ts';

const UNAUTHORIZED = { error: "Couldn't authenticate you" };

export function authenticate(deps: Deps, header: string | undefined): User | null {
  if (!header) return null;
  const { store, config } = deps;
  const admin = (): User | null => store.userByEmail(config.email) ?? null;
  const bearer = /^Bearer\s+(.+)$/i.exec(header);
  if (bearer) return bearer[1]?.trim() === config.apiToken ? admin() : null;
  const basic = /^Basic\s+(.+)$/i.exec(header);
  if (!basic) return null;
  let decoded: string;
  try {
    decoded = Buffer.from(basic[1] ?? '', 'base64').toString('utf8');
  } catch {
    return null;
  }
  const m = /^(.+)\/token:(.*)$/.exec(decoded);
  if (!m || m[2] !== config.apiToken) return null;
  const email = m[1] ?? '';
  // The token acts as any active agent or admin named by email, like a Zendesk account API token.
  const user = store.userByEmail(email);
  if (user && user.active && (user.role === 'agent' || user.role === 'admin')) return user;
  if (email.toLowerCase() === config.email.toLowerCase()) return admin();
  return null;
}

/** Account configuration that only admins may change (or, for webhooks and CSAT ratings, see), as in Zendesk. */
const ADMIN_ONLY = /^\/api\/v2\/(ticket_fields|ticket_forms|user_fields|organization_fields|groups|webhooks|triggers|apps\/installations|satisfaction_ratings)(\/|\.json|$)/;
const ADMIN_ONLY_READS = /^\/api\/v2\/(webhooks|satisfaction_ratings)/;

function adminOnly(method: string, path: string): boolean {
  if (!ADMIN_ONLY.test(path)) return false;
  return method !== 'GET' || ADMIN_ONLY_READS.test(path);
}

export function authMiddleware(deps: Deps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const user = authenticate(deps, c.req.header('authorization'));
    if (!user) return c.json(UNAUTHORIZED, 401);
    if (user.role !== 'admin' && adminOnly(c.req.method, c.req.path)) {
      return c.json({ error: 'Forbidden', description: 'You do not have access to this page. Please contact the account owner of this help desk for further help.' }, 403);
    }
    c.set('actor', user);
    await next();
  };
}
