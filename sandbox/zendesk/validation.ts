// Request body parsing: non-JSON -> 400, schema violations -> 422 in Zendesk's details format.
import type { Context } from 'hono';
import { z } from 'zod';
import { ApiError, badRequest, invalid } from './errors.ts';

export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') throw badRequest('The request body is empty; expected JSON');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badRequest('The request body is not valid JSON');
  }
}

export function parseWith<T>(schema: z.ZodType<T>, data: unknown): T {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const details: Record<string, { description: string; error: string }[]> = {};
  for (const issue of result.error.issues) {
    const path = issue.path.filter((p) => typeof p !== 'symbol').map(String);
    // Drop the envelope ("ticket", "user", ...) so keys read like Zendesk's: {"priority": [...]}.
    const key = (path.length > 1 ? path.slice(1) : path).join('.') || 'base';
    (details[key] ??= []).push({ description: `${key}: ${issue.message}`, error: 'InvalidValue' });
  }
  throw invalid(details);
}

export async function parseBody<T>(c: Context, schema: z.ZodType<T>): Promise<T> {
  return parseWith(schema, await readJson(c));
}

/** Ids arrive as numbers or numeric strings. */
export const idSchema = z.union([
  z.number().int().positive(),
  z.string().regex(/^\d+$/, 'must be a numeric id').transform(Number),
]);

export const fieldValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]);

export const tagsSchema = z.array(z.string(), 'must be an array of strings');

/** "1,2,3" -> [1,2,3]; anything malformed -> 400 like Zendesk's parameter errors. */
export function parseIdList(raw: string | undefined): number[] {
  if (!raw) throw new ApiError(400, { error: 'InvalidParameter', description: 'ids parameter is required' });
  const ids = raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (ids.some((s) => !/^\d+$/.test(s))) {
    throw new ApiError(400, { error: 'InvalidParameter', description: 'ids must be a comma-separated list of integers' });
  }
  return ids.map(Number);
}

export function normalizeTags(tags: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of tags) {
    // Zendesk tags cannot contain spaces: a space separates two tags.
    for (const t of raw.trim().split(/\s+/)) if (t !== '' && !out.includes(t)) out.push(t);
  }
  return out;
}
