/**
 * Answers `client.get(paths)` the way the Zendesk agent workspace does: a result object keyed
 * by the requested path, plus an `errors` map for paths that do not exist (the ZAF SDK turns
 * an error for a single-path `get` into a rejected promise).
 *
 * Runs in the browser (served as a module to the host page) and in Node tests: no DOM here.
 */

export const CUSTOM_FIELDS_KEY = '$customFields';
const CUSTOM_FIELD_PREFIX = 'customField:';

export type Lookup = { found: true; value: unknown } | { found: false };

export interface ZafError {
  message: string;
  name: string;
  path: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep copy without the reserved `$customFields` keys (they are reachable only by path). */
export function publicView(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(publicView);
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (key !== CUSTOM_FIELDS_KEY) out[key] = publicView(item);
    }
    return out;
  }
  return value;
}

/**
 * Walk a dotted ZAF path (`ticket.requester.customField:annual_spend`). A missing property is
 * "not found"; a property that exists but is null (`ticket.assignee.user.name` on an
 * unassigned ticket) resolves to null, as it does in Zendesk.
 */
export function lookupPath(root: unknown, path: string): Lookup {
  if (path.trim() === '') return { found: false };
  let current: unknown = root;
  for (const segment of path.split('.')) {
    if (current === null) return { found: true, value: null };
    if (segment.startsWith(CUSTOM_FIELD_PREFIX)) {
      if (!isRecord(current)) return { found: false };
      const fields = current[CUSTOM_FIELDS_KEY];
      const key = segment.slice(CUSTOM_FIELD_PREFIX.length);
      if (!isRecord(fields) || !(key in fields)) return { found: false };
      current = fields[key];
      continue;
    }
    if (Array.isArray(current) && /^\d+$/.test(segment)) {
      const index = Number(segment);
      if (index >= current.length) return { found: false };
      current = current[index];
      continue;
    }
    if (!isRecord(current) || segment === CUSTOM_FIELDS_KEY || !Object.prototype.hasOwnProperty.call(current, segment)) {
      return { found: false };
    }
    current = current[segment];
  }
  return { found: true, value: publicView(current) };
}

export function unknownPathError(path: string): ZafError {
  return { message: `Could not find handler for: "${path}"`, name: 'APIUnavailable', path };
}

/** The `result` of a `get` request: `{ [path]: value, errors: { [path]: error } }`. */
export function answerGet(root: unknown, paths: readonly unknown[]): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  const errors: Record<string, ZafError> = {};
  for (const path of paths) {
    if (typeof path !== 'string') continue;
    const lookup = lookupPath(root, path);
    if (lookup.found) result[path] = lookup.value;
    else errors[path] = unknownPathError(path);
  }
  result['errors'] = errors;
  return result;
}
